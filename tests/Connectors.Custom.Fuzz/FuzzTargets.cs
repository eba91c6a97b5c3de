using System.Net;
using System.Text;

namespace Connectors.Custom.Fuzz;

/// <summary>Every parser that reads bytes a server sent, each behind one <see cref="FuzzTarget"/>.</summary>
public static class FuzzTargets
{
    private static readonly HashSet<string> s_offeredFunctions = new(StringComparer.Ordinal) { "get_weather", "add", "search" };
    private static readonly int[] s_expectedDimensions = [0, 0, 1, 2, 3, 4, 8];
    private static readonly string?[] s_mediaTypes = [null, "application/json", "text/html", "text/plain"];
    private static readonly string[] s_delayHeaders = ["retry-after-ms", "Retry-After", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"];

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("chat", Seeds.Utf8(Seeds.ChatBodies), ParseChat),
        new("sse", Seeds.Utf8(Seeds.SseStreams()), ReadSse),
        new("toolcalls", Seeds.Utf8(Seeds.ToolCallStreams()), AssembleToolCalls),
        new("embeddings", Seeds.Utf8(Seeds.EmbeddingBodies), ParseEmbeddings),
        new("errors", Seeds.Utf8(Seeds.ErrorBodies), ParseError),
        new("think", Seeds.Utf8(Seeds.ReasoningTexts), SplitThinkTags),
        new("texttools", Seeds.Utf8(Seeds.ToolCallTexts), ExtractTextToolCalls),
        new("retryafter", Seeds.Utf8(Seeds.RetryAfterValues), ReadRetryAfter),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No fuzz target '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    private static void ParseChat(FuzzCase input) => ChatCompletionParser.Parse(input.Data, new ChatCompletionPayload());

    /// <summary>The reader at the smallest event limit, with the stream split across reads at every size from 1 to 64
    /// bytes; each event is then parsed as a chunk, as the streaming loop does.</summary>
    private static void ReadSse(FuzzCase input)
    {
        using var stream = new SplitReads(input.Data, 1 + (input.Variant % 64));
        using var reader = new SseEventReader(stream, maxEventBytes: 1024, maxStreamBytes: 64 * 1024);
        var payload = new ChatCompletionPayload();
        long delivered = 0;
        while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            delivered += reader.Data.Length;
            if (delivered > input.Data.Length)
            {
                throw new FuzzInvariantException($"The reader delivered {delivered} bytes of data from a {input.Data.Length}-byte stream.");
            }

            try
            {
                ChatCompletionParser.Parse(reader.Data.Span, payload);
            }
            catch (CustomProtocolException)
            {
                // One malformed event; the reader itself is what this target exercises.
            }
        }
    }

    /// <summary>One chunk per line: each is parsed and its tool-call fragments accumulated, then the calls are built
    /// and their arguments parsed, as at the end of a stream.</summary>
    private static void AssembleToolCalls(FuzzCase input)
    {
        var accumulator = new ToolCallAccumulator();
        var payload = new ChatCompletionPayload();
        foreach (var line in input.Data.AsSpan().Split((byte)'\n'))
        {
            try
            {
                ChatCompletionParser.Parse(input.Data.AsSpan()[line], payload);
            }
            catch (CustomProtocolException)
            {
                continue;
            }

            accumulator.Add(payload.ToolCalls);
        }

        foreach (var call in accumulator.Build())
        {
            _ = call.Arguments;
        }
    }

    private static void ParseEmbeddings(FuzzCase input)
    {
        var count = 1 + (input.Variant % 4);
        var offset = (input.Variant >> 2) % 2;
        var expected = s_expectedDimensions[(input.Variant >> 3) % s_expectedDimensions.Length];
        var results = new float[]?[offset + count];
        EmbeddingResponseParser.Parse(input.Data, results, new EmbeddingBatch(offset, count), expected);
    }

    private static void ParseError(FuzzCase input)
    {
        var error = ProviderErrorParser.TryParse(input.Data);
        var text = ProviderErrorParser.DescribeNonJsonBody(input.Data, s_mediaTypes[input.Variant % s_mediaTypes.Length]);
        // 2,000 characters of the server's text, plus the connector's own words around an HTML title.
        if (error?.Message.Length > 2001 || text.Length > 2200)
        {
            throw new FuzzInvariantException("An error message is longer than the 2,000-character bound.");
        }
    }

    /// <summary>Text pushed in pieces of 1 to 32 characters, then flushed; the same text split in one go.</summary>
    private static void SplitThinkTags(FuzzCase input)
    {
        var text = Encoding.UTF8.GetString(input.Data);
        var splitter = new ThinkTagSplitter(mayStartInside: input.Variant % 2 == 0);
        var piece = 1 + ((input.Variant >> 1) % 32);
        var released = 0;
        for (var start = 0; start < text.Length; start += piece)
        {
            var (reasoning, answer) = splitter.Push(text.Substring(start, Math.Min(piece, text.Length - start)));
            released += (reasoning?.Length ?? 0) + (answer?.Length ?? 0);
        }

        var (lastReasoning, lastAnswer) = splitter.Flush();
        released += (lastReasoning?.Length ?? 0) + (lastAnswer?.Length ?? 0);
        var (allReasoning, allAnswer) = ThinkTagSplitter.SplitAll(text);
        if (released > text.Length || (allReasoning?.Length ?? 0) + (allAnswer?.Length ?? 0) > text.Length)
        {
            throw new FuzzInvariantException("The splitter released more text than it was given.");
        }
    }

    private static void ExtractTextToolCalls(FuzzCase input)
    {
        var text = Encoding.UTF8.GetString(input.Data);
        foreach (var atAnswerStart in (ReadOnlySpan<bool>)[true, false])
        {
            var from = TextToolCallParser.HoldFrom(text, atAnswerStart);
            if (from < 0 || from > text.Length)
            {
                throw new FuzzInvariantException("The streamed-text holder pointed outside the text it was given.");
            }
        }

        var calls = TextToolCallParser.Extract(text, s_offeredFunctions, out _);
        if (calls.Exists(c => !s_offeredFunctions.Contains(c.Name)))
        {
            throw new FuzzInvariantException("A call to a function that was not offered was extracted.");
        }
    }

    /// <summary>The text as one of the delay headers (Latin-1, as header bytes arrive), on a 429 or a 503.</summary>
    private static void ReadRetryAfter(FuzzCase input)
    {
        var text = Encoding.Latin1.GetString(input.Data);
        _ = RetryAfterParser.TryParseGoDuration(text, out _);
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(s_delayHeaders[input.Variant % s_delayHeaders.Length], text);
        var status = (input.Variant >> 2) % 2 == 0 ? HttpStatusCode.TooManyRequests : HttpStatusCode.ServiceUnavailable;
        if (RetryAfterParser.Read(response.Headers, TimeProvider.System, status) is { } delay && delay < TimeSpan.Zero)
        {
            throw new FuzzInvariantException($"A negative delay ({delay}) was read.");
        }
    }

    /// <summary>A stream that hands out at most <paramref name="piece"/> bytes per read: every split point of the
    /// input lands on some read boundary across the run.</summary>
    private sealed class SplitReads(byte[] data, int piece) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
    }
}
