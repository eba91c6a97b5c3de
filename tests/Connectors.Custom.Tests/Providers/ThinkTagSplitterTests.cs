namespace Connectors.Custom.Tests.Providers;

public sealed class ThinkTagSplitterTests
{
    private static (string Reasoning, string Answer) Stream(string text, int pieceSize, bool mayStartInside = false)
    {
        var splitter = new ThinkTagSplitter(mayStartInside);
        string reasoning = string.Empty, answer = string.Empty;
        for (var i = 0; i < text.Length; i += pieceSize)
        {
            var (r, a) = splitter.Push(text.Substring(i, Math.Min(pieceSize, text.Length - i)));
            reasoning += r;
            answer += a;
        }

        var (fr, fa) = splitter.Flush();
        return (reasoning + fr, answer + fa);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(100)]
    public void TagsSplitAcrossChunks_AreStillFound(int pieceSize)
    {
        var (reasoning, answer) = Stream("<think>Let me add: 2+2=4.</think>\n\nThe answer is 4.", pieceSize);

        Assert.Equal("Let me add: 2+2=4.", reasoning);
        Assert.Equal("The answer is 4.", answer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void ReplyStartingInsideAThinkBlock_IsSplitAtTheClosingTag(int pieceSize)
    {
        var (reasoning, answer) = Stream("The user wants a greeting.\n</think>\nHello!", pieceSize, mayStartInside: true);

        Assert.Equal("The user wants a greeting.", reasoning);
        Assert.Equal("Hello!", answer);
    }

    [Fact]
    public void ReplyWithoutThinkTags_IsAllAnswer()
    {
        var (reasoning, answer) = Stream("Just an answer, with a < sign.", 3);

        Assert.Equal(string.Empty, reasoning);
        Assert.Equal("Just an answer, with a < sign.", answer);
    }

    [Fact]
    public void LongAnswerWithoutTags_StreamsOnceTheStartWindowIsFull()
    {
        var splitter = new ThinkTagSplitter(mayStartInside: true);

        var (_, early) = splitter.Push(new string('a', ThinkTagSplitter.StartWindow - 1));
        var (_, released) = splitter.Push("bb");

        Assert.Null(early);
        Assert.Equal(ThinkTagSplitter.StartWindow + 1, released!.Length);
    }

    [Fact]
    public void ReplyNotOpeningWithThink_StreamsAtOnce_WhenItCannotStartInside()
    {
        var splitter = new ThinkTagSplitter(mayStartInside: false);

        Assert.Equal((null, "Hello"), splitter.Push("Hello"));

        // A '<' could begin a stray closing tag, so it waits for the next character only.
        Assert.Equal((null, null), splitter.Push(" <"[1..]));
        Assert.Equal((null, "<b>"), splitter.Push("b>"));
    }

    [Fact]
    public void UnclosedThinkBlock_IsReasoningAtTheEnd()
    {
        var (reasoning, answer) = Stream("<think>cut off mid-thought", 4);

        Assert.Equal("cut off mid-thought", reasoning);
        Assert.Equal(string.Empty, answer);
    }

    [Fact]
    public void SplitAll_HandlesLeadingWhitespace()
    {
        Assert.Equal(("r", "a"), ThinkTagSplitter.SplitAll("  \n<think>r</think>a"));
    }

    // Found by fuzzing: each push re-read (and each tag re-copied) everything held, so allocation grew with the square
    // of the reply. Allocation is counted on this thread; the bounds are linear with room to spare.
    [Fact]
    public void ManyTagsInOnePiece_CostInProportionToTheText()
    {
        var text = string.Concat(Enumerable.Repeat("a</think>", 20_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (reasoning, answer) = ThinkTagSplitter.SplitAll(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new string('a', 20_000), reasoning + answer);
        Assert.True(allocated < 16L * text.Length, $"allocated {allocated} bytes for {text.Length} characters");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ALongUndecidedStart_CostsInProportionToTheText(bool mayStartInside)
    {
        var splitter = new ThinkTagSplitter(mayStartInside);
        var releasedEarly = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20_000; i++)
        {
            var (r, a) = splitter.Push(" ");
            releasedEarly += (r?.Length ?? 0) + (a?.Length ?? 0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var (reasoning, answer) = splitter.Push("<think>r</think>a");

        Assert.Equal(0, releasedEarly);
        Assert.True(allocated < 64L * 20_000, $"allocated {allocated} bytes for 20,000 one-character pieces");
        Assert.Equal("r", reasoning);
        Assert.Equal("a", answer);
    }
}
