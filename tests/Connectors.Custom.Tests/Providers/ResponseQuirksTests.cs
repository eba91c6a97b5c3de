using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace Connectors.Custom.Tests.Providers;

public sealed class ResponseQuirksTests : LoopbackTest
{
    private CustomChatClient CreateClient(string provider = "Ollama") =>
        new(new CustomChatCompletionOptions { Provider = provider, Endpoint = Server.BaseAddress, ModelId = Wire.Model, Resilience = { Enabled = false } }.Resolve());

    private static readonly AIFunction Weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather");

    [Fact]
    public async Task InlineThink_IsReasoning_WhenTheProfileSplitsIt()
    {
        Server.EnqueueBody(Wire.Completion("<think>pondering</think>Answer.")).EnqueueBody(Wire.Completion("<think>pondering</think>Answer."));

        var split = await CreateClient("vLLM").GetResponseAsync("q");
        var generic = await CreateClient("Generic").GetResponseAsync("q");

        Assert.Equal("Answer.", split.Text);
        Assert.Equal("pondering", Assert.Single(split.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal("<think>pondering</think>Answer.", generic.Text);
    }

    [Fact]
    public async Task InlineThink_InAStream_IsSplitAcrossChunks()
    {
        Server.EnqueueEvents([Wire.TextChunk("<thi"), Wire.TextChunk("nk>hm"), Wire.TextChunk("m</th"), Wire.TextChunk("ink>Hi"), Wire.TextChunk(" there", "stop")]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in CreateClient("vLLM").GetStreamingResponseAsync("q"))
        {
            updates.Add(update);
        }

        Assert.Equal("Hi there", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("hmm", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
    }

    [Fact]
    public async Task ToolCallWrittenAsText_BecomesAFunctionCall()
    {
        Server.EnqueueBody(Wire.Completion("<tool_call>{\\\"name\\\": \\\"get_weather\\\", \\\"arguments\\\": {\\\"city\\\": \\\"Oslo\\\"}}</tool_call>"));

        var response = await CreateClient().GetResponseAsync("weather?", new ChatOptions { Tools = [Weather] });

        var call = Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
        Assert.Equal(string.Empty, response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task ToolCallWrittenAsText_InAStream_IsHeldBackAndConverted()
    {
        Server.EnqueueEvents([Wire.TextChunk("{\\\"name\\\": \\\"get_"), Wire.TextChunk("weather\\\", \\\"arguments\\\": {\\\"city\\\": \\\"Rome\\\"}}", "stop")]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in CreateClient().GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }))
        {
            updates.Add(update);
        }

        Assert.Equal(string.Empty, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("get_weather", Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()).Name);
    }

    [Fact]
    public async Task MistralToolCallWrittenAsText_InAStreamFromVllm_BecomesAFunctionCall()
    {
        // The reported case: vLLM without a tool parser streams Mistral's format in pieces.
        Server.EnqueueEvents([
            Wire.TextChunk("[TOOL"), Wire.TextChunk("_CALLS][{\\\"name\\\": \\\"get_wea"), Wire.TextChunk("ther\\\", \\\"arguments\\\": {\\\"city"),
            Wire.TextChunk("\\\": \\\"Lima\\\"}}]", "stop"),
        ]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in CreateClient("vLLM").GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }))
        {
            updates.Add(update);
        }

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Lima", call.Arguments!["city"]!.ToString());
        Assert.Equal(string.Empty, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task OrdinaryText_StillStreamsWhenToolsAreOffered()
    {
        var release = new TaskCompletionSource();
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, "data: " + Wire.TextChunk("The weather ") + "\n\n");
            await context.Response.Body.FlushAsync();
            await release.Task;
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, "data: " + Wire.TextChunk("is nice", "stop") + "\n\ndata: [DONE]\n\n");
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in CreateClient().GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }))
        {
            updates.Add(update);
            release.TrySetResult();
        }

        Assert.Equal("The weather ", updates[0].Text);
        Assert.Equal("The weather is nice", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task KernelAutoFunctionCalling_WorksWithAServerThatLeaksToolCallsIntoText()
    {
        var calls = 0;
        Server.EnqueueBody(Wire.Completion("<function=Weather_get_weather>{\\\"city\\\": \\\"Oslo\\\"}</function>")).EnqueueBody(Wire.Completion("It is sunny in Oslo."));
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(o =>
        {
            o.Provider = "Ollama";
            o.Endpoint = Server.BaseAddress;
            o.ModelId = Wire.Model;
        });
        builder.Plugins.AddFromFunctions("Weather", [KernelFunctionFactory.CreateFromMethod((string city) => { calls++; return $"sunny in {city}"; }, "get_weather")]);

        var result = await builder.Build().InvokePromptAsync("weather in Oslo?", new KernelArguments(new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal("It is sunny in Oslo.", result.GetValue<string>());
        Assert.Equal(1, calls);
    }
}
