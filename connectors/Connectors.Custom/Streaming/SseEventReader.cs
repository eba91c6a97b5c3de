using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Reads the <c>data</c> of server-sent events from a response stream into a pooled buffer, one event at a time.
/// </summary>
/// <remarks>
/// <para>Written by hand rather than with <c>System.Net.ServerSentEvents.SseParser</c> for three reasons the
/// providers force on us: a single event must be bounded (a misbehaving server must not make us buffer without
/// limit); a bare JSON line without <c>data:</c> framing must be delivered rather than dropped (Ollama writes errors
/// that way once streaming has started); and the event bytes are handed to the JSON parser in place, with no copy
/// or string per event.</para>
/// <para>Follows the WHATWG rules that matter here: lines end in LF, CRLF or CR (also when CR and LF arrive in
/// different reads); lines starting with <c>:</c> are comments (OpenRouter's <c>: OPENROUTER PROCESSING</c>,
/// DeepSeek's <c>: keep-alive</c>); <c>data:</c> with or without one following space; several <c>data</c> lines
/// are joined with LF; a blank line ends an event; other fields are ignored; end of stream ends the last event.</para>
/// <para>Two bounds, both enforced here where the bytes are read: one event (<c>MaxStreamEventBytes</c>) and the
/// whole stream (<c>MaxStreamBytes</c>), so a server that sends deltas forever is stopped by size as well as by the
/// total timeout. Only the current event is buffered, never the stream.</para>
/// <para>Not thread-safe. <see cref="Data"/> is valid until the next call to <see cref="ReadAsync"/>.</para>
/// </remarks>
internal sealed class SseEventReader : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    // Event names are short protocol words (response.output_text.delta); a longer one is kept as unknown.
    private const int MaxEventNameBytes = 64;

    private readonly Stream _stream;
    private readonly string? _source;
    private readonly int _maxEventBytes;
    private readonly long _maxStreamBytes;
    private long _streamBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private byte[] _data;
    private int _dataLength;

    // Where the event's data lies in _buffer while it is a single line that has not had to move (nearly every event):
    // it is handed out from there, uncopied; -1 once it is in _data.
    private int _dataStart = -1;
    private readonly byte[] _eventName = new byte[MaxEventNameBytes];
    private int _eventNameLength;
    private bool _hasData;
    private bool _endOfStream;
    private bool _skipLineFeed;

    /// <param name="stream">The response body.</param>
    /// <param name="maxEventBytes">The most one event may hold.</param>
    /// <param name="maxStreamBytes">The most the whole stream may hold.</param>
    /// <param name="source">The endpoint the stream comes from: when given, a connection that drops mid-stream is
    /// reported as a <see cref="CustomProtocolErrorKind.StreamTruncated"/> stream naming it.</param>
    public SseEventReader(Stream stream, int maxEventBytes, long maxStreamBytes, string? source = null)
    {
        _stream = stream;
        _source = source;
        _maxEventBytes = maxEventBytes;
        _maxStreamBytes = maxStreamBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        _data = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    /// <summary>Gets the data of the event read last.</summary>
    public ReadOnlyMemory<byte> Data => _dataStart >= 0 ? _buffer.AsMemory(_dataStart, _dataLength) : _data.AsMemory(0, _dataLength);

    /// <summary>Gets the <c>event:</c> name of the event read last, or empty when it had none (chat completions never
    /// name theirs) or a name longer than any protocol uses. Lets a reader pass over events it has no use for without
    /// parsing their data.</summary>
    public ReadOnlySpan<byte> EventName => _eventName.AsSpan(0, _eventNameLength);

    /// <summary>Reads the next event that has data.</summary>
    /// <returns>False when the stream has ended and no event is left.</returns>
    /// <exception cref="CustomProtocolException">An event, or the stream so far, is larger than its configured limit;
    /// or, with a source, the connection dropped.</exception>
    /// <remarks>The read from the stream is awaited here, not in a method of its own, and the state machine is pooled:
    /// a stream's events arrive a few at a time, and each wait would otherwise allocate a box per level.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _dataLength = 0;
        _dataStart = -1;
        _hasData = false;
        _eventNameLength = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryReadLine(out var line, out var consumed))
            {
                if (HandleLine(line, ref consumed))
                {
                    _start += consumed;
                    return true;
                }

                _start += consumed;
                continue;
            }

            if (_endOfStream)
            {
                if (_start < _end)
                {
                    // The last line had no terminator: it still counts.
                    var last = _buffer.AsSpan(_start, _end - _start);
                    var consumedLast = last.Length;
                    var complete = HandleLine(last, ref consumedLast);
                    _start += consumedLast;
                    if (complete)
                    {
                        return true;
                    }
                }

                return _hasData;
            }

            MoveDataOutOfBuffer();
            PrepareFill();
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (_source is not null && ex is IOException or System.Net.Http.HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new CustomProtocolException(
                    CustomProtocolErrorKind.StreamTruncated,
                    $"The connection to {_source} dropped while streaming: {ex.Message}",
                    ex);
            }

            CompleteFill(read);
        }
    }

    /// <summary>Processes one line; returns true when an event is complete.</summary>
    /// <param name="line">The line without its terminator.</param>
    /// <param name="consumed">The bytes the line occupies, terminator included; set to 0 to read the line again.</param>
    private bool HandleLine(ReadOnlySpan<byte> line, ref int consumed)
    {
        if (line.IsEmpty)
        {
            if (!_hasData)
            {
                // An event without data is not handed out, so its name must not stick to the next one.
                _eventNameLength = 0;
            }

            return _hasData;
        }

        var first = line[0];
        if (first == (byte)':')
        {
            return false;
        }

        if (first == (byte)'{' || first == (byte)'[')
        {
            // A bare JSON line: a server that wrote a payload (typically an error) without SSE framing.
            if (_hasData)
            {
                consumed = 0;
                return true;
            }

            KeepData(line, _start);
            return true;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var isData = field.SequenceEqual("data"u8);
        if (!isData && !field.SequenceEqual("event"u8))
        {
            return false;
        }

        var value = colon < 0 ? ReadOnlySpan<byte>.Empty : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (!isData)
        {
            _eventNameLength = value.Length <= MaxEventNameBytes ? value.Length : 0;
            value[.._eventNameLength].CopyTo(_eventName);
            return false;
        }

        if (_hasData)
        {
            MoveDataOutOfBuffer();
            AppendData("\n"u8);
            AppendData(value);
        }
        else
        {
            // The value is the end of the line, which starts at _start.
            KeepData(value, _start + line.Length - value.Length);
        }

        return false;
    }

    /// <summary>Takes an event's first data where it lies in the buffer, without copying it.</summary>
    private void KeepData(ReadOnlySpan<byte> value, int start)
    {
        if (value.Length > _maxEventBytes)
        {
            throw TooLarge();
        }

        _hasData = true;
        _dataStart = start;
        _dataLength = value.Length;
    }

    /// <summary>Copies data still lying in the buffer into the event's own array: before the buffer is refilled (which
    /// moves what it holds) or another data line is joined to it.</summary>
    private void MoveDataOutOfBuffer()
    {
        if (_dataStart < 0)
        {
            return;
        }

        var start = _dataStart;
        var length = _dataLength;
        _dataStart = -1;
        _dataLength = 0;
        AppendData(_buffer.AsSpan(start, length));
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        _hasData = true;
        var required = _dataLength + value.Length;
        if (required > _maxEventBytes)
        {
            throw TooLarge();
        }

        if (required > _data.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(required, _data.Length * 2), Math.Max(required, _maxEventBytes)));
            _data.AsSpan(0, _dataLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = larger;
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        _dataLength = required;
    }

    private bool TryReadLine(out ReadOnlySpan<byte> line, out int consumed)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        if (_skipLineFeed && !available.IsEmpty)
        {
            _skipLineFeed = false;
            if (available[0] == (byte)'\n')
            {
                _start++;
                available = available[1..];
            }
        }

        var index = available.IndexOfAny((byte)'\n', (byte)'\r');
        if (index < 0)
        {
            line = default;
            consumed = 0;
            return false;
        }

        line = available[..index];
        consumed = index + 1;
        if (available[index] == (byte)'\r')
        {
            if (index + 1 < available.Length)
            {
                if (available[index + 1] == (byte)'\n')
                {
                    consumed++;
                }
            }
            else
            {
                // CR was the last byte read: an LF may follow in the next read and belongs to this line ending.
                _skipLineFeed = true;
            }
        }

        return true;
    }

    /// <summary>Makes room at the end of the buffer for the next read.</summary>
    private void PrepareFill()
    {
        if (_start > 0)
        {
            // Compact: move the unconsumed tail to the front.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One line fills the buffer: grow it, but never beyond what an event may hold (plus its field name).
            if (_buffer.Length >= _maxEventBytes + 64)
            {
                throw TooLarge();
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxEventBytes + 64));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>Takes in what the last read brought.</summary>
    private void CompleteFill(int read)
    {
        if (read == 0)
        {
            _endOfStream = true;
        }

        _streamBytes += read;
        if (_streamBytes > _maxStreamBytes)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.StreamTooLarge,
                $"The stream exceeded the limit of {_maxStreamBytes} bytes in total (MaxStreamBytes); it was abandoned.");
        }

        _end += read;
    }

    private CustomProtocolException TooLarge() => new(
        CustomProtocolErrorKind.ResponseTooLarge,
        $"A streamed event exceeded the limit of {_maxEventBytes} bytes (MaxStreamEventBytes); the stream was abandoned.");

    public void Dispose()
    {
        var buffer = _buffer;
        var data = _data;
        _buffer = [];
        _data = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }
}
