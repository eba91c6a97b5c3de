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

    // Found by fuzzing: a name with an escaped lone surrogate threw InvalidOperationException out of the answer.
    [Fact]
    public void NameWithALoneSurrogate_IsNotACall_AndTheTextIsKept()
    {
        const string text = "<tool_call>{\"name\":\"\\udc00x\",\"arguments\":{}}</tool_call> and <tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1}}</tool_call>";

        var calls = TextToolCallParser.Extract(text, Offered, out var remainder);

        Assert.Equal("add", Assert.Single(calls).Name);
        Assert.StartsWith("<tool_call>{\"name\":\"\\udc00x\"", remainder, StringComparison.Ordinal);
        Assert.Empty(TextToolCallParser.Extract("{\"name\":\"\\ud800\",\"arguments\":{}}", Offered, out _));
    }

    // Found by the fuzz command's scale pass: every opening tag without a closing one scanned to the end of the answer
    // (quadratic). The result must not change with the linear-time matcher.
    [Fact]
    public void ManyOpeningTagsThatNeverClose_AreNotCalls()
    {
        var text = string.Concat(Enumerable.Repeat("<tool_call>{\"name\":\"add\",\"arguments\":{}} ", 2_000)) + "<function=add>{\"a\":1} and more text";

        var calls = TextToolCallParser.Extract(text, Offered, out var remainder);

        Assert.Empty(calls);
        Assert.Equal(text, remainder);
    }
}
