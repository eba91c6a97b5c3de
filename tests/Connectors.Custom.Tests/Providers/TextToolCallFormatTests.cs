using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Providers;

/// <summary>
/// Every text tool-call format, read whole and streamed in pieces through the response shaper the client uses, with
/// prose before the call delivered while streaming and the call taken only for offered functions.
/// </summary>
public sealed class TextToolCallFormatTests
{
    private static readonly AIFunction Weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather");
    private static readonly AIFunction Lookup = AIFunctionFactory.Create((string code, int count) => $"{code}:{count}", "lookup");

    /// <summary>Each format, writing get_weather(city: "Paris").</summary>
    public static TheoryData<string, string> Formats { get; } = new()
    {
        { "Mistral v3", "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]" },
        { "Mistral v11", "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}" },
        { "Mistral v13 call id", "[TOOL_CALLS]get_weather[CALL_ID]a1b2c3d4e[ARGS]{\"city\": \"Paris\"}" },
        { "Llama 3.x python_tag", "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eom_id|>" },
        { "DeepSeek V3", "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>" },
        { "DeepSeek V3.1", "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{\"city\": \"Paris\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>" },
        { "Granite", "<|tool_call|>[{\"arguments\": {\"city\": \"Paris\"}, \"name\": \"get_weather\"}]" },
        { "Qwen3-Coder", "<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>" },
        { "Qwen3-Coder unwrapped", "<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>" },
        { "Hermes", "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>" },
        { "Llama function", "<function=get_weather>{\"city\": \"Paris\"}</function>" },
        { "Closing tag not sent", "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Whole_IsOneCall(string format, string text)
    {
        var (calls, answer) = Shape(text, pieceLength: null);

        AssertParis(calls, format);
        Assert.Null(answer);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void StreamedInSmallPieces_IsOneCall_AndTheProseBeforeItStreams(string format, string text)
    {
        foreach (var pieceLength in new[] { 1, 2, 3, 7 })
        {
            var (calls, answer, streamed) = Stream("Let me check.\n" + text, pieceLength);

            AssertParis(calls, $"{format} in pieces of {pieceLength}");
            Assert.Equal("Let me check.\n", streamed);
            Assert.Equal("Let me check.\n", answer);
        }
    }

    [Theory]
    [InlineData("[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}[TOOL_CALLS]lookup[ARGS]{\"code\": \"x\", \"count\": 2}")]
    [InlineData("<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}; {\"name\": \"lookup\", \"parameters\": {\"code\": \"x\", \"count\": 2}}")]
    [InlineData("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>lookup\n```json\n{\"code\": \"x\", \"count\": 2}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>")]
    [InlineData("<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}, {\"name\": \"lookup\", \"arguments\": {\"code\": \"x\", \"count\": 2}}]")]
    [InlineData("<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=lookup>\n<parameter=code>\nx\n</parameter>\n<parameter=count>\n2\n</parameter>\n</function>\n</tool_call>")]
    public void SeveralCalls_KeepTheirOrder(string text)
    {
        foreach (var pieceLength in new int?[] { null, 1, 4 })
        {
            var (calls, answer) = Shape(text, pieceLength);

            Assert.Equal(["get_weather", "lookup"], calls.Select(c => c.Name));
            Assert.Equal(2, ((JsonElement)calls[1].Arguments!["count"]!).GetInt32());
            Assert.Null(answer);
        }
    }

    [Fact]
    public void QwenCoderParameters_AreTypedByTheSchema()
    {
        var (calls, _) = Shape("<function=lookup>\n<parameter=code>\n007\n</parameter>\n<parameter=count>\n3\n</parameter>\n<parameter=filter>\n{\"tags\": [\"a\", \"b\"]}\n</parameter>\n</function>", pieceLength: null);

        var arguments = Assert.Single(calls).Arguments!;
        Assert.Equal(JsonValueKind.String, ((JsonElement)arguments["code"]!).ValueKind);
        Assert.Equal("007", ((JsonElement)arguments["code"]!).GetString());
        Assert.Equal(3, ((JsonElement)arguments["count"]!).GetInt32());
        Assert.Equal(JsonValueKind.Array, ((JsonElement)arguments["filter"]!).GetProperty("tags").ValueKind);
    }

    [Theory]
    [InlineData("[TOOL_CALLS]delete_everything[ARGS]{}")]
    [InlineData("[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {}}, {\"name\": \"delete_everything\", \"arguments\": {}}]")]
    [InlineData("<|python_tag|>brave_search.call(query=\"weather\")")]
    [InlineData("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>delete_everything<｜tool▁sep｜>{}<｜tool▁call▁end｜><｜tool▁calls▁end｜>")]
    [InlineData("<|tool_call|>not json")]
    [InlineData("<function=get_weather>hello</function> and more")]
    [InlineData("Models write [TOOL_CALLS] before a call.")]
    public void NotACallOfAnOfferedFunction_StaysText_WholeAndStreamed(string text)
    {
        foreach (var pieceLength in new int?[] { null, 1, 5 })
        {
            var (calls, answer) = Shape(text, pieceLength);

            Assert.Empty(calls);
            Assert.Equal(text, answer);
        }
    }

    [Fact]
    public void EveryMarker_StartsWithAnAngleOrSquareBracket_WhichTheStreamingFastPathReliesOn()
    {
        Assert.All(TextToolCallFormats.Markers, marker => Assert.True(marker[0] is '<' or '[', marker));
    }

    [Fact]
    public void ProseAfterTheStart_StreamsUnheld_UntilAMarkerMayBegin()
    {
        var shaper = CreateShaper();

        Assert.Equal("Sure.", shaper.ShapeChunk(null, "Sure.").Answer);
        Assert.Equal(" Checking", shaper.ShapeChunk(null, " Checking").Answer);
        Assert.Equal(" now ", shaper.ShapeChunk(null, " now <").Answer);
        Assert.Null(shaper.ShapeChunk(null, "|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}").Answer);
        var accumulator = new ToolCallAccumulator();
        Assert.Null(shaper.Finish(accumulator).Answer);
        AssertParis(accumulator.Build(), "python_tag after prose");
    }

    [Fact]
    public void WithoutOfferedFunctions_NothingIsHeldOrParsed()
    {
        var shaper = new ResponseShaper(new CustomQuirkProfile { ParseToolCallsInText = true }, new ChatOptions());

        Assert.Equal("[TOOL_CALLS]get_weather", shaper.ShapeChunk(null, "[TOOL_CALLS]get_weather").Answer);
    }

    private static void AssertParis(List<FunctionCallContent> calls, string format)
    {
        var call = Assert.Single(calls);
        Assert.True(call.Name == "get_weather", format);
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
    }

    private static ResponseShaper CreateShaper() =>
        new(new CustomQuirkProfile { ParseToolCallsInText = true }, new ChatOptions { Tools = [Weather, Lookup] });

    /// <summary>Shapes the answer whole (null piece length) or as a stream of pieces; returns calls and the text left.</summary>
    private static (List<FunctionCallContent> Calls, string? Answer) Shape(string text, int? pieceLength)
    {
        if (pieceLength is { } length)
        {
            var (calls, answer, _) = Stream(text, length);
            return (calls, answer);
        }

        var payload = new ChatCompletionPayload { Content = text };
        var accumulator = new ToolCallAccumulator();
        CreateShaper().ShapeWholeAnswer(payload, accumulator);
        return (accumulator.Build(), payload.Content);
    }

    /// <summary>Streams the text in pieces; returns the calls, the whole delivered text, and what was delivered before the end.</summary>
    private static (List<FunctionCallContent> Calls, string? Answer, string Streamed) Stream(string text, int pieceLength)
    {
        var shaper = CreateShaper();
        var streamed = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i += pieceLength)
        {
            streamed.Append(shaper.ShapeChunk(null, text.Substring(i, Math.Min(pieceLength, text.Length - i))).Answer);
        }

        var accumulator = new ToolCallAccumulator();
        var (_, rest) = shaper.Finish(accumulator);
        var answer = streamed.ToString() + rest;
        return (accumulator.Build(), answer.Length == 0 ? null : answer, streamed.ToString());
    }
}
