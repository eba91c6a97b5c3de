namespace Connectors.Custom.Tests.Providers;

public sealed class TextToolCallParserTests
{
    private static readonly HashSet<string> Offered = ["get_weather", "add"];

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>")]
    [InlineData("<function=get_weather>{\"city\": \"Paris\"}</function>")]
    [InlineData("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}")]
    [InlineData("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}")]
    [InlineData("```json\n{\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}\n```")]
    public void CommonFormats_AreRecognised(string text)
    {
        var calls = TextToolCallParser.Extract(text, Offered, out var remainder);

        var call = Assert.Single(calls);
        Assert.Equal("get_weather", call.Name);
        Assert.Contains("Paris", call.Arguments, StringComparison.Ordinal);
        Assert.Null(remainder);
    }

    [Fact]
    public void SeveralCallsAndSurroundingText_AreSeparated()
    {
        var calls = TextToolCallParser.Extract("Checking.\n<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}</tool_call>\n<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>", Offered, out var remainder);

        Assert.Equal(["add", "get_weather"], calls.Select(c => c.Name));
        Assert.Equal("Checking.", remainder);
    }

    [Theory]
    [InlineData("{\"name\": \"delete_everything\", \"arguments\": {}}")]
    [InlineData("{\"city\": \"Paris\", \"temperature\": 21}")]
    [InlineData("Here is some JSON: {\"name\": \"add\"} in a sentence.")]
    [InlineData("<tool_call>not json</tool_call>")]
    public void AnythingElse_IsLeftAsText(string text)
    {
        var calls = TextToolCallParser.Extract(text, Offered, out var remainder);

        Assert.Empty(calls);
        Assert.Equal(text, remainder);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("  <tool", 0)]
    [InlineData("<tool_call>{\"na", 0)]
    [InlineData("{", 0)]
    [InlineData("```", 0)]
    [InlineData("[TOOL_CA", 0)]
    [InlineData("The weather", 11)]
    [InlineData("<b>bold</b>", 11)]
    [InlineData("Let me check. <|python", 14)]
    [InlineData("Let me check. [TOOL_CALLS]get", 14)]
    [InlineData("Let me check. {\"a\": 1}", 22)]
    public void HoldFrom_HoldsBackOnlyWhatCouldBeACall(string text, int expected)
    {
        Assert.Equal(expected, TextToolCallParser.HoldFrom(text, atAnswerStart: true));
    }
}
