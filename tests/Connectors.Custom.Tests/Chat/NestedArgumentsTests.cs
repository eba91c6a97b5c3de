using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Chat;

/// <summary>Nested arguments a local model wrote as JSON strings reach the function as JSON values, where its schema
/// declares an object or array; strings stay strings.</summary>
public sealed class NestedArgumentsTests : LoopbackTest
{
    private static readonly AIFunctionDeclaration SearchFlights = AIFunctionFactory.CreateDeclaration(
        "search_flights",
        null,
        JsonDocument.Parse("""{"type":"object","properties":{"route":{"type":"object","properties":{"from":{"type":"string"}}},"passengers":{"anyOf":[{"type":"array","items":{"type":"string"}},{"type":"null"}]},"note":{"type":"string"},"count":{"type":"integer"}}}""").RootElement);

    // route and passengers as JSON strings, note a string that happens to hold JSON, count a string that is not JSON.
    private const string Arguments = """{\"route\":\"{\\\"from\\\":\\\"OSL\\\"}\",\"passengers\":\"[\\\"Ann\\\",\\\"Bo\\\"]\",\"note\":\"{\\\"keep\\\":1}\",\"count\":\"two\"}""";

    private CustomChatClient CreateClient() =>
        new(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, Resilience = { Enabled = false } });

    [Fact]
    public async Task WholeAnswer_ObjectAndArrayParametersBecomeJsonValues()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion($$$"""[{"id":"call_1","type":"function","function":{"name":"search_flights","arguments":"{{{Arguments}}}"}}]"""));

        var response = await CreateClient().GetResponseAsync("flights?", new ChatOptions { Tools = [SearchFlights] });

        AssertRepaired(Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>()));
    }

    [Fact]
    public async Task Stream_ObjectAndArrayParametersBecomeJsonValues()
    {
        Server.EnqueueEvents([Wire.Chunk($$$"""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"search_flights","arguments":"{{{Arguments}}}"}}]}""", "tool_calls")]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in CreateClient().GetStreamingResponseAsync("flights?", new ChatOptions { Tools = [SearchFlights] }))
        {
            updates.Add(update);
        }

        AssertRepaired(Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()));
    }

    private static void AssertRepaired(FunctionCallContent call)
    {
        var arguments = call.Arguments!;
        Assert.Equal("OSL", ((JsonElement)arguments["route"]!).GetProperty("from").GetString());
        Assert.Equal(["Ann", "Bo"], ((JsonElement)arguments["passengers"]!).EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("{\"keep\":1}", ((JsonElement)arguments["note"]!).GetString());
        Assert.Equal("two", ((JsonElement)arguments["count"]!).GetString());
    }
}
