using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Tests.SemanticKernel;

/// <summary>Two-round auto function calling through <see cref="Kernel"/>, for every tool-call shape providers send.</summary>
public sealed class KernelFunctionCallingTests : LoopbackTest
{
    private readonly MathPlugin _plugin = new();

    private Kernel CreateKernel(Action<CustomChatCompletionOptions>? configure = null)
    {
        var builder = Kernel.CreateBuilder();
        if (configure is null)
        {
            builder.AddCustomChatCompletion(Wire.Model, Server.BaseAddress);
        }
        else
        {
            builder.AddCustomChatCompletion(o =>
            {
                o.Endpoint = Server.BaseAddress;
                o.ModelId = Wire.Model;
                configure(o);
            });
        }

        builder.Plugins.AddFromObject(_plugin, "Math");
        return builder.Build();
    }

    private static KernelArguments Auto(FunctionChoiceBehavior? behavior = null) =>
        new(new CustomPromptExecutionSettings { FunctionChoiceBehavior = behavior ?? FunctionChoiceBehavior.Auto() });

    /// <summary>Non-streaming first-round bodies: the call to Math_Add(1, 2) in each documented shape.</summary>
    public static TheoryData<string, string> NonStreamingShapes => new()
    {
        { "openai-string-arguments", Wire.ToolCallCompletion("""[{"id":"call_1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]""") },
        { "object-arguments", Wire.ToolCallCompletion("""[{"id":"call_1","type":"function","function":{"name":"Math_Add","arguments":{"a":1,"b":2}}}]""") },
        { "deepseek-index-and-empty-content", """{"id":"d","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_00_x","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]},"finish_reason":"tool_calls"}]}""" },
        { "groq-no-content-key", """{"id":"g","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_g","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]},"finish_reason":"tool_calls"}],"x_groq":{"id":"req"}}""" },
        { "no-id-no-type", """{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]},"finish_reason":"tool_calls"}]}""" },
        { "stop-finish-reason", """{"choices":[{"message":{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]},"finish_reason":"stop"}]}""" },
    };

    [Theory]
    [MemberData(nameof(NonStreamingShapes))]
    public async Task InvokePrompt_AutoFunctionCalling_TwoRounds(string shape, string firstRound)
    {
        Server.EnqueueBody(firstRound).EnqueueBody(Wire.Completion("The sum is 3."));

        var result = await CreateKernel().InvokePromptAsync("What is 1+2?", Auto());

        Assert.Equal("The sum is 3.", result.GetValue<string>());
        Assert.Equal([(1, 2)], _plugin.AddCalls);
        AssertSecondRoundCarriesTheResult(shape);
    }

    /// <summary>Streaming first rounds: the same call, split the ways providers split it.</summary>
    public static TheoryData<string, string[]> StreamingShapes => new()
    {
        {
            "openai-fragments", [
                Wire.Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Math_Add","arguments":""}}]}"""),
                Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\""}}]}"""),
                Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":":1,\"b\":2}"}}]}"""),
                Wire.Chunk("{}", "tool_calls"),
                Wire.UsageChunk(),
            ]
        },
        {
            "whole-call-one-chunk", [
                Wire.Chunk("""{"role":"assistant","tool_calls":[{"id":"call_g","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"},"index":0}]}"""),
                Wire.Chunk("{}", "tool_calls"),
            ]
        },
        {
            "mistral-no-index-no-type-finish-in-same-chunk", [
                """{"id":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"gSIMJiOkT","function":{"name":"Math_Add","arguments":"{\"a\": 1, \"b\": 2}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
            ]
        },
        {
            "gemini-no-index-continuation", [
                Wire.Chunk("""{"tool_calls":[{"id":"g1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,"}}]}"""),
                Wire.Chunk("""{"tool_calls":[{"function":{"arguments":"\"b\":2}"}}]}"""),
                Wire.Chunk("{}", "tool_calls"),
            ]
        },
        {
            "empty-ids-and-late-name", [
                Wire.Chunk("""{"tool_calls":[{"index":0,"id":"","function":{"arguments":""}}]}"""),
                Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"name":"Math_Add"}}]}"""),
                Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"name":"","arguments":"{\"a\":1,\"b\":2}"}}]}"""),
                Wire.Chunk("{}", "tool_calls"),
                Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":""}}]}"""),
            ]
        },
        {
            "object-arguments", [
                Wire.Chunk("""{"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"Math_Add","arguments":{"a":1,"b":2}}}]}"""),
                Wire.Chunk("{}", "stop"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(StreamingShapes))]
    public async Task InvokePromptStreaming_AutoFunctionCalling_TwoRounds(string shape, string[] firstRound)
    {
        Server.EnqueueEvents(firstRound).EnqueueEvents([Wire.TextChunk("The sum "), Wire.TextChunk("is 3.", "stop")]);

        var text = string.Empty;
        await foreach (var update in CreateKernel().InvokePromptStreamingAsync<StreamingChatMessageContent>("What is 1+2?", Auto()))
        {
            text += update.Content;
        }

        Assert.Equal("The sum is 3.", text);
        Assert.Equal([(1, 2)], _plugin.AddCalls);
        AssertSecondRoundCarriesTheResult(shape);
    }

    private void AssertSecondRoundCarriesTheResult(string shape)
    {
        Assert.Equal(2, Server.Requests.Count);
        var first = Server.Requests[0].Json;
        Assert.Contains(first.GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "Math_Add");
        Assert.Equal("auto", first.GetProperty("tool_choice").GetString());

        var messages = Server.Requests[1].Json.GetProperty("messages").EnumerateArray().ToList();
        var assistant = messages.Single(m => m.TryGetProperty("tool_calls", out _));
        var call = assistant.GetProperty("tool_calls")[0];
        var callId = call.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(callId), shape);
        Assert.Equal("Math_Add", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(1, JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("a").GetInt32());

        var tool = messages.Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal(callId, tool.GetProperty("tool_call_id").GetString());
        Assert.Equal("3", tool.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ParallelToolCalls_AreAllInvokedAndAnswered(bool streaming)
    {
        const string calls = """[{"index":0,"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}},{"index":1,"id":"c2","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":3,\"b\":4}"}}]""";
        if (streaming)
        {
            Server.EnqueueEvents([Wire.Chunk($$$"""{"tool_calls":{{{calls}}}}"""), Wire.Chunk("{}", "tool_calls")]).EnqueueEvents([Wire.TextChunk("3 and 7", "stop")]);
        }
        else
        {
            Server.EnqueueBody(Wire.ToolCallCompletion(calls)).EnqueueBody(Wire.Completion("3 and 7"));
        }

        var kernel = CreateKernel();
        if (streaming)
        {
            await foreach (var update in kernel.InvokePromptStreamingAsync("sums?", Auto()))
            {
            }
        }
        else
        {
            await kernel.InvokePromptAsync("sums?", Auto());
        }

        Assert.Equal([(1, 2), (3, 4)], _plugin.AddCalls.OrderBy(c => c.A));
        var tools = Server.Requests[1].Json.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(["c1", "c2"], tools.Select(t => t.GetProperty("tool_call_id").GetString()).Order());
        Assert.Equal(["3", "7"], tools.Select(t => t.GetProperty("content").GetString()).Order());
    }

    [Fact]
    public async Task UnknownFunctionName_IsReportedToTheModelNotThrown()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Divide","arguments":"{}"}}]"""))
            .EnqueueBody(Wire.Completion("Sorry."));

        var result = await CreateKernel().InvokePromptAsync("divide", Auto());

        Assert.Equal("Sorry.", result.GetValue<string>());
        var tool = Server.Requests[1].Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("Math_Divide", tool.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("not found", tool.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionException_IsReportedToTheModelNotThrown()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Explode","arguments":"{}"}}]"""))
            .EnqueueBody(Wire.Completion("It failed."));

        var result = await CreateKernel().InvokePromptAsync("explode", Auto());

        Assert.Equal("It failed.", result.GetValue<string>());
        var tool = Server.Requests[1].Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.StartsWith("Error:", tool.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedArguments_AreReportedToTheModel()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"invalid_arguments_format"}}]"""))
            .EnqueueBody(Wire.Completion("Retrying."));

        var result = await CreateKernel().InvokePromptAsync("add", Auto());

        Assert.Equal("Retrying.", result.GetValue<string>());
        Assert.Empty(_plugin.AddCalls);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task AutoInvokeFilter_CanTerminateTheLoop()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]"""));
        var kernel = CreateKernel();
        var filter = new TerminatingFilter();
        kernel.AutoFunctionInvocationFilters.Add(filter);

        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory("You add numbers.");
        history.AddUserMessage("1+2?");
        var result = await chat.GetChatMessageContentAsync(history, new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel);

        Assert.Single(Server.Requests);
        Assert.Equal("Math_Add", filter.SeenFunction);
        Assert.Equal([(1, 2)], _plugin.AddCalls);
        Assert.Equal(AuthorRole.Tool, result.Role);
        Assert.Equal(3, Assert.IsType<Microsoft.SemanticKernel.FunctionResultContent>(Assert.Single(result.Items)).Result);
    }

    [Fact]
    public async Task AutoInvokeRounds_AreBounded()
    {
        const string call = """[{"id":"c","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":1}"}}]""";
        Server.EnqueueBody(Wire.ToolCallCompletion(call)).EnqueueBody(Wire.ToolCallCompletion(call)).EnqueueBody(Wire.Completion("done"));

        var result = await CreateKernel(o => o.MaximumAutoInvokeRounds = 2).InvokePromptAsync("loop", Auto());

        Assert.Equal("done", result.GetValue<string>());
        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(2, _plugin.AddCalls.Count);
        // The last allowed round offers no tools, so the model must answer.
        Assert.False(Server.Requests[2].Json.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task ChatHistory_RecordsTheToolRoundTrip()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]"""))
            .EnqueueBody(Wire.Completion("3"));
        var kernel = CreateKernel();
        var history = new ChatHistory();
        history.AddUserMessage("1+2?");

        var result = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel);

        Assert.Equal("3", result.Content);
        Assert.Equal(3, history.Count);
        var call = Assert.IsType<Microsoft.SemanticKernel.FunctionCallContent>(Assert.Single(history[1].Items));
        Assert.Equal("c1", call.Id);
        var functionResult = Assert.IsType<Microsoft.SemanticKernel.FunctionResultContent>(Assert.Single(history[2].Items));
        Assert.Equal("c1", functionResult.CallId);
        Assert.Equal("Math_Add", functionResult.FunctionName);

        // The history can be sent again as it is: the next request replays the round trip.
        Server.EnqueueBody(Wire.Completion("again"));
        history.Add(result);
        history.AddUserMessage("thanks");
        await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, kernel: kernel);
        var replayed = Server.Requests[2].Json.GetProperty("messages");
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], replayed.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task StreamingChatHistory_RecordsCallsAndNamedResults()
    {
        Server.EnqueueEvents([Wire.Chunk("""{"tool_calls":[{"index":0,"id":"c9","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":2,\"b\":5}"}}]}"""), Wire.Chunk("{}", "tool_calls")])
            .EnqueueEvents([Wire.TextChunk("7", "stop")]);
        var kernel = CreateKernel();
        var history = new ChatHistory();
        history.AddUserMessage("2+5?");

        await foreach (var update in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(history, new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel))
        {
        }

        var call = Assert.Single(history.SelectMany(m => m.Items).OfType<Microsoft.SemanticKernel.FunctionCallContent>());
        var result = Assert.Single(history.SelectMany(m => m.Items).OfType<Microsoft.SemanticKernel.FunctionResultContent>());
        Assert.Equal("c9", call.Id);
        Assert.Equal(("c9", "Math_Add", 7), (result.CallId, result.FunctionName, (int)result.Result!));
    }

    [Fact]
    public async Task FunctionChoiceNone_OffersToolsWithChoiceNone_AndRequiredAsksForRequired()
    {
        Server.EnqueueBody(Wire.Completion("no tools")).EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]""")).EnqueueBody(Wire.Completion("3"));
        var kernel = CreateKernel();

        await kernel.InvokePromptAsync("hi", Auto(FunctionChoiceBehavior.None()));
        await kernel.InvokePromptAsync("hi", Auto(FunctionChoiceBehavior.Required()));

        Assert.Equal("none", Server.Requests[0].Json.GetProperty("tool_choice").GetString());
        Assert.Equal("required", Server.Requests[1].Json.GetProperty("tool_choice").GetString());
        Assert.Equal([(1, 2)], _plugin.AddCalls);
    }

    [Fact]
    public async Task NoFunctionChoiceBehavior_SendsNoToolsEvenWithPlugins()
    {
        Server.EnqueueBody(Wire.Completion("plain"));

        await CreateKernel().InvokePromptAsync("hi");

        Assert.False(Server.Requests[0].Json.TryGetProperty("tools", out _));
        Assert.False(Server.Requests[0].Json.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public async Task AutoWithoutInvoke_ReturnsTheCallsToTheCaller()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]"""));
        var kernel = CreateKernel();
        var history = new ChatHistory();
        history.AddUserMessage("1+2?");

        var result = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) }, kernel);

        var call = Assert.IsType<Microsoft.SemanticKernel.FunctionCallContent>(Assert.Single(result.Items));
        Assert.Equal("Math_Add", call.FunctionName);
        Assert.Empty(_plugin.AddCalls);
        var invoked = await call.InvokeAsync(kernel);
        Assert.Equal(3, invoked.Result);
    }

    private sealed class TerminatingFilter : IAutoFunctionInvocationFilter
    {
        public string? SeenFunction { get; private set; }

        public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
        {
            SeenFunction = $"{context.Function.PluginName}_{context.Function.Name}";
            await next(context);
            context.Terminate = true;
        }
    }
}
