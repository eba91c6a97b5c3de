using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// The caller's audio as it is uploaded: checked for type and size before anything is sent, then copied from the
/// caller's stream to the connection through one pooled buffer, never held whole. A seekable stream is rewound for
/// each attempt (so retries and failover work); a stream that cannot seek is sent once.
/// </summary>
internal sealed class AudioUpload
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly Stream _audio;
    private readonly long _start;
    private readonly byte[]? _taken;
    private readonly uint? _wavByteRate;
    private readonly long _maxBytes;
    private int _sends;

    private AudioUpload(Stream audio, long start, ReadOnlySpan<byte> head, long? length, long maxBytes, string fileName, string mediaType)
    {
        _audio = audio;
        _start = start;

        // Only a stream that cannot seek keeps the bytes read to tell its type (they were taken from it and go first);
        // of the rest only the WAV header's byte rate is needed later.
        _taken = audio.CanSeek ? null : head.ToArray();
        _wavByteRate = AudioMediaTypes.Sniff(head) == "wav" && head.Length >= AudioMediaTypes.HeadLength
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(28, 4))
            : null;
        Length = length;
        _maxBytes = maxBytes;
        FileName = fileName;
        MediaType = mediaType;
    }

    /// <summary>Gets the name the file is uploaded under (its extension tells the server its type).</summary>
    public string FileName { get; }

    /// <summary>Gets the audio's media type.</summary>
    public string MediaType { get; }

    /// <summary>Gets the audio's length in bytes when the stream knows it.</summary>
    public long? Length { get; }

    /// <summary>Gets whether the audio can be sent (again): always before the first send, afterwards only when seekable.</summary>
    public bool CanSend => Volatile.Read(ref _sends) == 0 || _audio.CanSeek;

    /// <summary>Gets or sets the failure of the last attempt, named when a stream that cannot seek cannot be sent again.</summary>
    public Exception? LastFailure { get; set; }

    /// <summary>Gets how many bytes the last send copied.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Checks the audio and reads the few bytes its type is told from.</summary>
    /// <exception cref="ArgumentException">The audio is empty, larger than <paramref name="maxBytes"/>, or of a type
    /// transcription servers do not accept.</exception>
    /// <remarks>A value task: a seekable stream in memory is sniffed without waiting, and then nothing is allocated to
    /// hand the upload over.</remarks>
    public static async ValueTask<AudioUpload> OpenAsync(Stream audio, string? fileName, string? mediaType, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (!audio.CanRead)
        {
            throw new ArgumentException("The audio stream cannot be read.", nameof(audio));
        }

        long? length = null;
        var start = 0L;
        if (audio.CanSeek)
        {
            start = audio.Position;
            length = audio.Length - start;
            if (length == 0)
            {
                throw new ArgumentException("The audio stream is empty.", nameof(audio));
            }

            if (length > maxBytes)
            {
                throw TooLarge(length.Value, maxBytes);
            }
        }

        var head = ArrayPool<byte>.Shared.Rent(AudioMediaTypes.HeadLength);
        try
        {
            var read = await audio.ReadAtLeastAsync(head.AsMemory(0, AudioMediaTypes.HeadLength), AudioMediaTypes.HeadLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ArgumentException("The audio stream is empty.", nameof(audio));
            }

            if (audio.CanSeek)
            {
                audio.Position = start;
            }

            var (name, type) = AudioMediaTypes.Resolve(fileName ?? (audio as FileStream)?.Name, mediaType, head.AsSpan(0, read));
            return new AudioUpload(audio, start, head.AsSpan(0, read), length, maxBytes, name, type);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <summary>Estimates the duration of WAV audio from its header's byte rate and the bytes sent, for the cost of
    /// servers that do not report it; null for other types.</summary>
    public TimeSpan? EstimateWavDuration()
    {
        if (_wavByteRate is not { } byteRate)
        {
            return null;
        }

        var size = Length ?? BytesSent;
        return byteRate == 0 || size <= AudioMediaTypes.HeadLength ? null : TimeSpan.FromSeconds((double)(size - AudioMediaTypes.HeadLength) / byteRate);
    }

    /// <summary>Copies the audio to the request body.</summary>
    /// <exception cref="InvalidOperationException">A stream that cannot seek was already sent once (a retry).</exception>
    /// <exception cref="ArgumentException">The audio grew past the size limit while it was being sent.</exception>
    public async Task CopyToAsync(Stream target, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sends) > 1 && !_audio.CanSeek)
        {
            throw NotResendable(LastFailure);
        }

        if (_audio is MemoryStream memory)
        {
            // Audio already in memory goes to the connection from the stream's own array, with no copy buffer. It was
            // measured when opened; only a caller writing to it meanwhile could have grown it.
            var length = memory.Length - _start;
            if (length > _maxBytes)
            {
                throw TooLarge(length, _maxBytes);
            }

            memory.Position = _start;
            try
            {
                await memory.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                BytesSent = memory.Position - _start;
            }

            return;
        }

        long sent = 0;
        if (_audio.CanSeek)
        {
            _audio.Position = _start;
        }
        else
        {
            // The bytes read to tell the type were taken from the stream: they go first.
            await target.WriteAsync(_taken!, cancellationToken).ConfigureAwait(false);
            sent = _taken!.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await _audio.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sent += read;
                if (sent > _maxBytes)
                {
                    throw TooLarge(sent, _maxBytes);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            BytesSent = sent;
        }
    }

    private static ArgumentException TooLarge(long size, long maxBytes) =>
        new($"The audio is larger than the limit of {maxBytes} bytes (MaxAudioBytes){(size > 0 ? $": at least {size} bytes" : string.Empty)}; split it or compress it.", "audio");

    /// <summary>The failure of a retry whose audio was read from a stream that cannot be rewound.</summary>
    public static InvalidOperationException NotResendable(Exception? previous) => new(
        "The audio was read from a stream that cannot seek, so a failed upload cannot be sent again; pass a seekable stream (a file or memory) to get retries and failover."
        + (previous is null ? string.Empty : " The failed attempt: " + previous.Message),
        previous);
}
