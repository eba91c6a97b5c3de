namespace Connectors.Custom.Tests.Audio;

/// <summary>Test audio: a minimal WAV of a given length, and a stream that cannot seek.</summary>
internal static class AudioStreams
{
    /// <summary>A 16 kHz mono 16-bit WAV (32,000 bytes a second) with <paramref name="dataBytes"/> of silence.</summary>
    public static byte[] Wav(int dataBytes)
    {
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BitConverter.TryWriteBytes(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BitConverter.TryWriteBytes(wav.AsSpan(16), 16);
        BitConverter.TryWriteBytes(wav.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(24), 16_000);
        BitConverter.TryWriteBytes(wav.AsSpan(28), 32_000);
        BitConverter.TryWriteBytes(wav.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(wav.AsSpan(34), (short)16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BitConverter.TryWriteBytes(wav.AsSpan(40), dataBytes);
        return wav;
    }
}

/// <summary>Hands out its bytes like a network stream: no length, no seeking.</summary>
internal sealed class ForwardOnlyStream(byte[] content) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Gets or sets a gate the stream waits on once <see cref="PauseAfter"/> bytes are read.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int PauseAfter { get; set; } = int.MaxValue;

    /// <summary>Completes when a read waits at the gate.</summary>
    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= PauseAfter && Gate is { } gate)
        {
            Paused.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        var count = Math.Min(buffer.Length, Math.Min(content.Length, _position >= PauseAfter ? content.Length : PauseAfter) - _position);
        content.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A WAV of any length made up as it is read (nothing held), that cannot seek, and that records how far its
/// reader ever got ahead of what <see cref="Received"/> says arrived at the server.</summary>
internal sealed class GeneratedWavStream(long length, Func<long> received) : Stream
{
    private readonly byte[] _header = AudioStreams.Wav(0);
    private long _position;

    /// <summary>Gets the largest number of bytes read but not yet received, seen before any read.</summary>
    public long MaxLead { get; private set; }

    public long Received => received();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        MaxLead = Math.Max(MaxLead, _position - Received);
        var count = (int)Math.Min(buffer.Length, length - _position);
        var span = buffer.Span[..count];
        span.Clear();
        if (_position < _header.Length)
        {
            var header = _header.AsSpan((int)_position, (int)Math.Min(_header.Length - _position, count));
            header.CopyTo(span);
            if (_position == 0)
            {
                BitConverter.TryWriteBytes(span[4..], (int)(length - 8));
                BitConverter.TryWriteBytes(span[40..], (int)(length - 44));
            }
        }

        _position += count;
        return ValueTask.FromResult(count);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
