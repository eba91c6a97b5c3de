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
    [InlineData("", true)]
    [InlineData("  <tool", true)]
    [InlineData("<tool_call>{\"na", true)]
    [InlineData("{", true)]
    [InlineData("```", true)]
    [InlineData("The weather", false)]
    [InlineData("<b>bold</b>", false)]
    public void MayStartToolCall_HoldsBackOnlyWhatCouldBeACall(string text, bool expected)
    {
        Assert.Equal(expected, TextToolCallParser.MayStartToolCall(text));
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
        var text = string.Concat(Enumerable.Repeat("<tool_call>{\"name\":\"add\",\"arguments\":{}} ", 2_000)) + "<function=add>{\"a\":1}";

        var calls = TextToolCallParser.Extract(text, Offered, out var remainder);

        Assert.Empty(calls);
        Assert.Equal(text, remainder);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("  <tool_c")]
    [InlineData("<tool_call>{\"name\":")]
    [InlineData("<function=add>")]
    [InlineData("{\"a\"")]
    [InlineData("```json")]
    [InlineData("Hello")]
    [InlineData(" <tool_x")]
    public void MayStartToolCall_ReadingOnlyTheStartOfHeldText_AgreesWithTheWholeText(string text)
    {
        var held = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            held.Append(c);
        }

        Assert.Equal(TextToolCallParser.MayStartToolCall(text), TextToolCallParser.MayStartToolCall(held));
    }

    // A streamed answer held back as a possible tool call is checked after every chunk: the check must not copy it.
    [Fact]
    public void MayStartToolCall_OnALongHeldAnswer_CostsTheSameAsOnAShortOne()
    {
        var held = new System.Text.StringBuilder("{\"answer\": \"");
        for (var i = 0; i < 100_000; i++)
        {
            held.Append("token ");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var mayStart = TextToolCallParser.MayStartToolCall(held);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(mayStart);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for a {held.Length}-character answer");
        Assert.False(TextToolCallParser.MayStartToolCall(new System.Text.StringBuilder(new string(' ', 5000) + "{")));
    }
}
