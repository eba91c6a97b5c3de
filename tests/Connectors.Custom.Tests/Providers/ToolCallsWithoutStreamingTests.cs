using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Providers;

/// <summary>Servers that return structured tool calls only when not streaming: a streamed request that offers tools is
/// sent whole and replayed as a stream.</summary>
public sealed class ToolCallsWithoutStreamingTests : LoopbackTest
{
    private const string WeatherCall = """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]""";

    private int _weatherCalls;

    private AIFunction Weather => AIFunctionFactory.Create((string city) => { _weatherCalls++; return $"sunny in {city}"; }, "get_weather");

    private CustomChatClient CreateClient(bool supportsToolCallsWhenStreaming) => new(new CustomChatCompletionOptions
    {
        Endpoint = Server.BaseAddress,
        ModelId = Wire.Model,
        Resilience = { Enabled = false },
        Quirks = { SupportsToolCallsWhenStreaming = supportsToolCallsWhenStreaming },
    });

    [Fact]
    public async Task StreamWithTools_IsSentWhole_AndReplayedAsAStream()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion(WeatherCall));

        var updates = await CollectAsync(CreateClient(supportsToolCallsWhenStreaming: false).GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }));

        var request = Server.Requests.Single().Json;
        Assert.False(request.TryGetProperty("stream", out _));
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
        Assert.Equal(27, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task StreamWithoutTools_StillStreams()
    {
        Server.EnqueueEvents([Wire.TextChunk("Hi", "stop")]);

        var updates = await CollectAsync(CreateClient(supportsToolCallsWhenStreaming: false).GetStreamingResponseAsync("hello"));

        Assert.True(Server.Requests.Single().Json.GetProperty("stream").GetBoolean());
        Assert.Equal("Hi", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task StreamingToolLoop_CallsTheFunction_AndStreamsTheAnswer()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion(WeatherCall)).EnqueueBody(Wire.Completion("It is sunny in Oslo."));
        var client = new ChatClientBuilder(CreateClient(supportsToolCallsWhenStreaming: false)).UseFunctionInvocation().Build();

        var updates = await CollectAsync(client.GetStreamingResponseAsync("weather in Oslo?", new ChatOptions { Tools = [Weather] }));

        Assert.Equal(1, _weatherCalls);
        Assert.Equal("It is sunny in Oslo.", string.Concat(updates.Select(u => u.Text)));
        Assert.All(Server.Requests, r => Assert.False(r.Json.TryGetProperty("stream", out _)));
        Assert.Equal("tool", Server.Requests[1].Json.GetProperty("messages")[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task ServerThatRefusesToolsWithStream_IsLearnedFrom_AndTheCallSucceeds()
    {
        Server.EnqueueBody("""{"error":{"code":400,"message":"Cannot use tools with stream","type":"invalid_request_error"}}""", 400)
            .EnqueueBody(Wire.ToolCallCompletion(WeatherCall))
            .EnqueueBody(Wire.ToolCallCompletion(WeatherCall));
        var client = CreateClient(supportsToolCallsWhenStreaming: true);

        var first = await CollectAsync(client.GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }));
        await CollectAsync(client.GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [Weather] }));

        Assert.Equal("get_weather", Assert.Single(first.SelectMany(u => u.Contents).OfType<FunctionCallContent>()).Name);
        Assert.True(Server.Requests[0].Json.GetProperty("stream").GetBoolean());
        Assert.False(Server.Requests[1].Json.TryGetProperty("stream", out _));
        Assert.False(Server.Requests[2].Json.TryGetProperty("stream", out _));
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }
}
