namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>A read-only stream that hands out its bytes in fixed-size pieces, to test parsers against every
/// possible split of the input across reads (a CR at the end of one read and its LF at the start of the next).</summary>
public sealed class ChunkedStream(byte[] data, int pieceSize) : ReadOnlyTestStream
{
    private int _position;

    public override long Length => data.Length;

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(pieceSize, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
