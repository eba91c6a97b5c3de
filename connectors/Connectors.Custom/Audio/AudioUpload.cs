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
    private readonly byte[] _head;
    private readonly long _maxBytes;
    private int _sends;

    private AudioUpload(Stream audio, long start, byte[] head, long? length, long maxBytes, string fileName, string mediaType)
    {
        _audio = audio;
        _start = start;
        _head = head;
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
    public static async Task<AudioUpload> OpenAsync(Stream audio, string? fileName, string? mediaType, long maxBytes, CancellationToken cancellationToken)
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

        var head = new byte[AudioMediaTypes.HeadLength];
        var read = await audio.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new ArgumentException("The audio stream is empty.", nameof(audio));
        }

        head = read == head.Length ? head : head[..read];
        if (audio.CanSeek)
        {
            audio.Position = start;
        }

        var (name, type) = AudioMediaTypes.Resolve(fileName ?? (audio as FileStream)?.Name, mediaType, head);
        return new AudioUpload(audio, start, head, length, maxBytes, name, type);
    }

    /// <summary>Estimates the duration of WAV audio from its header's byte rate and the bytes sent, for the cost of
    /// servers that do not report it; null for other types.</summary>
    public TimeSpan? EstimateWavDuration()
    {
        if (AudioMediaTypes.Sniff(_head) != "wav" || _head.Length < AudioMediaTypes.HeadLength)
        {
            return null;
        }

        var byteRate = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_head.AsSpan(28, 4));
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

        long sent = 0;
        if (_audio.CanSeek)
        {
            _audio.Position = _start;
        }
        else
        {
            // The bytes read to tell the type were taken from the stream: they go first.
            await target.WriteAsync(_head, cancellationToken).ConfigureAwait(false);
            sent = _head.Length;
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
