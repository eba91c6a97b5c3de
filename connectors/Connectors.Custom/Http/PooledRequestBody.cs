using System;
using System.Buffers;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// A request body written into a pooled buffer, returned to the pool when the call ends. Request bodies are written
/// once per call; renting instead of allocating them keeps a typical chat call's allocations near the floor's.
/// </summary>
/// <remarks>Dispose only once the request has been sent and its response read or abandoned: the HTTP content points
/// into this buffer.</remarks>
internal sealed class PooledRequestBody : IBufferWriter<byte>, IDisposable
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private byte[] _buffer;
    private int _written;

    private PooledRequestBody(int sizeHint)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, 256));
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Writes a body with a writer reused per thread (the writing itself is synchronous).</summary>
    public static PooledRequestBody Write<TState>(int sizeHint, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var body = new PooledRequestBody(sizeHint);
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            writer.Reset(body);
        }

        try
        {
            write(writer, state);
            writer.Flush();
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            // The cached writer must not keep the body (or its pooled array) reachable.
            writer.Reset(NullBufferWriter.Instance);
        }
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>A sink the cached writer points at between uses.</summary>
    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Array.Empty<byte>();

        public Span<byte> GetSpan(int sizeHint = 0) => Array.Empty<byte>();
    }
}
