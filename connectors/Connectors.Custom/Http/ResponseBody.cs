using System;
using System.Buffers;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>A response body read into a pooled buffer, never larger than a configured limit.</summary>
internal sealed class ResponseBody : IDisposable
{
    private byte[] _buffer;

    private ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Gets the body as memory (for parsers that keep a document over it); valid until disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body, failing once it grows beyond <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The response content.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="throwWhenTooLarge">When false, a larger body is cut at the limit instead (for error bodies).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<ResponseBody> ReadAsync(HttpContent content, int maxBytes, bool throwWhenTooLarge, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (throwWhenTooLarge && declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // Reading one byte past the limit is how "exactly at the limit" is told from "over it".
        var cap = (int)Math.Min((long)maxBytes + 1, Array.MaxLength);
        var initial = (int)Math.Clamp(declared ?? 16 * 1024, 256, cap);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (length < cap)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var room = Math.Min(buffer.Length, cap) - length;
                    var read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (length > maxBytes)
            {
                if (throwWhenTooLarge)
                {
                    throw TooLarge(maxBytes);
                }

                length = maxBytes;
            }

            return new ResponseBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CustomProtocolException TooLarge(int maxBytes) => new(
        CustomProtocolErrorKind.ResponseTooLarge,
        $"The response body is larger than the limit of {maxBytes} bytes (MaxResponseBytes).");
}
