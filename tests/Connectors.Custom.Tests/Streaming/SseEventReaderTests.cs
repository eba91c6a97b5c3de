using System.Text;
using Connectors.Custom.Tests.Infrastructure;

namespace Connectors.Custom.Tests.Streaming;

public sealed class SseEventReaderTests
{
    private static async Task<List<string>> ReadAllAsync(string raw, int pieceSize = 4096, int maxEventBytes = 1 << 20)
    {
        using var reader = new SseEventReader(new ChunkedStream(Encoding.UTF8.GetBytes(raw), pieceSize), maxEventBytes, maxStreamBytes: 1 << 24);
        var events = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            events.Add(Encoding.UTF8.GetString(reader.Data.Span));
        }

        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_AnySplitAcrossReads_GivesTheSameEvents(int pieceSize)
    {
        const string raw = ": OPENROUTER PROCESSING\r\n\r\ndata: {\"a\":1}\r\n\r\ndata:{\"b\":2}\n\n: keep-alive\n\ndata: [DONE]\n\n";

        var events = await ReadAllAsync(raw, pieceSize);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "[DONE]"], events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task EventName_IsTheEventsOwn_AndNeverSticksToTheNext(int pieceSize)
    {
        // The second event has a name but no data (not handed out); the third has neither name nor a long one kept.
        var longName = new string('x', 65);
        var raw = $"event: response.created\ndata: {{\"a\":1}}\n\nevent: ping\n\ndata: {{\"b\":2}}\n\nevent: {longName}\ndata: {{\"c\":3}}\n\nevent:response.completed\ndata: {{}}\n\n";
        using var reader = new SseEventReader(new ChunkedStream(Encoding.UTF8.GetBytes(raw), pieceSize), 1 << 20, maxStreamBytes: 1 << 24);
        var seen = new List<(string Name, string Data)>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            seen.Add((Encoding.UTF8.GetString(reader.EventName), Encoding.UTF8.GetString(reader.Data.Span)));
        }

        Assert.Equal([("response.created", "{\"a\":1}"), ("", "{\"b\":2}"), ("", "{\"c\":3}"), ("response.completed", "{}")], seen);
    }

    [Fact]
    public async Task ReadAsync_CarriageReturnOnlyLineEndings_AreLineEndings()
    {
        var events = await ReadAllAsync("data: one\r\rdata: two\r\r", pieceSize: 1);

        Assert.Equal(["one", "two"], events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task ReadAsync_MultipleDataLines_AreJoinedWithLineFeed(int pieceSize)
    {
        // A single-line event is handed out where it lies in the read buffer; one that arrives in pieces, or in
        // several lines, is moved out of it first: either way the next event must not overwrite it.
        var events = await ReadAllAsync("data: {\"a\":\ndata: 1}\n\ndata: {\"b\":2}\n\ndata: x\ndata: y\ndata: z\n\n", pieceSize);

        Assert.Equal(["{\"a\":\n1}", "{\"b\":2}", "x\ny\nz"], events);
    }

    [Fact]
    public async Task ReadAsync_ConnectionDroppedMidStream_IsATruncatedStreamNamingTheSource_WhenGivenOne()
    {
        var named = new SseEventReader(new DroppingStream("data: {\"a\":1}\n\ndata: {\"b\""u8.ToArray()), 1024, 1 << 20, source: "https://api.example.test/v1");
        var bare = new SseEventReader(new DroppingStream("data: {\"a\":1}\n\ndata: {\"b\""u8.ToArray()), 1024, 1 << 20);

        Assert.True(await named.ReadAsync(CancellationToken.None));
        var truncated = await Assert.ThrowsAsync<CustomProtocolException>(() => named.ReadAsync(CancellationToken.None).AsTask());
        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, truncated.Kind);
        Assert.Contains("https://api.example.test/v1", truncated.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(truncated.InnerException);

        Assert.True(await bare.ReadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => bare.ReadAsync(CancellationToken.None).AsTask());
        named.Dispose();
        bare.Dispose();
    }

    /// <summary>Gives its bytes, then fails as a dropped connection does.</summary>
    private sealed class DroppingStream(byte[] data) : ReadOnlyTestStream
    {
        private bool _given;

        public override long Length => data.Length;

        public override int Read(Span<byte> buffer)
        {
            if (_given)
            {
                throw new IOException("The response ended prematurely.");
            }

            _given = true;
            data.CopyTo(buffer);
            return data.Length;
        }
    }

    [Fact]
    public async Task ReadAsync_OtherFieldsAndDataWithoutValue_AreHandledPerSpec()
    {
        var events = await ReadAllAsync("event: message\nid: 7\nretry: 100\ndata: x\n\ndata\n\n");

        Assert.Equal(["x", ""], events);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsWithoutBlankLine_DeliversLastEvent()
    {
        var events = await ReadAllAsync("data: first\n\ndata: last");

        Assert.Equal(["first", "last"], events);
    }

    [Fact]
    public async Task ReadAsync_BareJsonLineWithoutDataPrefix_IsDeliveredAsAnEvent()
    {
        // Ollama writes an error as plain JSON once SSE headers have gone out.
        var events = await ReadAllAsync("data: {\"a\":1}\n{\"error\":{\"message\":\"model crashed\"}}\n");

        Assert.Equal(["{\"a\":1}", "{\"error\":{\"message\":\"model crashed\"}}"], events);
    }

    [Fact]
    public async Task ReadAsync_EventLargerThanLimit_ThrowsTypedError()
    {
        var big = new string('x', 5000);

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => ReadAllAsync($"data: {big}\n\n", pieceSize: 512, maxEventBytes: 1024));

        Assert.Equal(CustomProtocolErrorKind.ResponseTooLarge, error.Kind);
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LineWithoutTerminatorLargerThanLimit_ThrowsInsteadOfBufferingForever()
    {
        var endless = new string('y', 200_000);

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => ReadAllAsync(": " + endless, pieceSize: 4096, maxEventBytes: 1024));

        Assert.Equal(CustomProtocolErrorKind.ResponseTooLarge, error.Kind);
    }

    [Fact]
    public async Task ReadAsync_EndlessStreamOfSmallEvents_StopsAtTheTotalLimit()
    {
        var chunk = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"more\"}}]}\n\n");
        using var reader = new SseEventReader(new EndlessStream(chunk), maxEventBytes: 1024, maxStreamBytes: 64 * 1024);
        var events = 0;

        var error = await Assert.ThrowsAsync<CustomProtocolException>(async () =>
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                events++;
            }
        });

        Assert.Equal(CustomProtocolErrorKind.StreamTooLarge, error.Kind);
        Assert.Contains("MaxStreamBytes", error.Message, StringComparison.Ordinal);
        // Every event below the limit was delivered; none past it (each event is chunk.Length bytes).
        Assert.InRange(events, (64 * 1024 / chunk.Length) - (16 * 1024 / chunk.Length) - 1, 64 * 1024 / chunk.Length);
    }

    [Fact]
    public async Task ReadAsync_StreamExactlyAtTheTotalLimit_IsRead()
    {
        var raw = Encoding.UTF8.GetBytes("data: a\n\ndata: b\n\n");
        using var reader = new SseEventReader(new MemoryStream(raw), maxEventBytes: 1024, maxStreamBytes: raw.Length);

        Assert.True(await reader.ReadAsync(CancellationToken.None));
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        Assert.False(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_Throws()
    {
        using var reader = new SseEventReader(new MemoryStream(Encoding.UTF8.GetBytes("data: a\n\n")), 1024, 1024);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(cts.Token).AsTask());
    }
}
