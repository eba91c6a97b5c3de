namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>A read-only stream that repeats the same bytes forever: a server that never stops sending.</summary>
public sealed class EndlessStream(byte[] pattern) : ReadOnlyTestStream
{
    private int _position;

    public override long Length => throw new NotSupportedException();

    public override int Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = pattern[_position];
            _position = (_position + 1) % pattern.Length;
        }

        return buffer.Length;
    }
}
