using System.Buffers;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>Parses a whole response body held in a span.</summary>
internal delegate T BodyParser<out T>(ReadOnlySpan<byte> body);

/// <summary>
/// How the floor clients read a non-streaming answer: the whole body into a pooled buffer (sized from
/// <c>Content-Length</c>, doubled when it fills), parsed in place, the buffer returned — the least a hand-written client
/// allocates for it.
/// </summary>
internal static class PooledResponseBody
{
    public static async Task<T> ReadAsync<T>(HttpContent content, int sizeHint, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)(content.Headers.ContentLength ?? sizeHint));
        try
        {
            var length = 0;
            await using (var stream = await content.ReadAsStreamAsync(cancellationToken))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
