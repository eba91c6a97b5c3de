using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// A response body handed to the caller as it arrives, read straight from the connection into the caller's buffer
/// (nothing is copied or kept here), under the call's timeouts; the last byte records the call's success, a failed
/// read its failure, and disposing early its abandonment (see <see cref="OperationLease"/>).
/// </summary>
/// <remarks>Read-only and forward-only. Not thread-safe, like any stream.</remarks>
internal sealed class LeasedBodyStream : Stream
{
    private readonly OperationLease _lease;
    private readonly Stream _body;
    private readonly Func<long, CallSummary> _summarize;
    private long _read;

    /// <param name="lease">The call, owned by this stream from now on.</param>
    /// <param name="body">The response content stream.</param>
    /// <param name="summarize">What to record once the body has ended, given how many bytes it held.</param>
    public LeasedBodyStream(OperationLease lease, Stream body, Func<long, CallSummary> summarize)
    {
        _lease = lease;
        _body = body;
        _summarize = summarize;
    }

    /// <summary>Gets the endpoint that answered.</summary>
    public string Endpoint => _lease.Endpoint;

    /// <summary>Gets the attempts the call made.</summary>
    public int Attempts => _lease.Attempts;

    /// <summary>Gets the cost recorded when the body ended, or null before then or when the model has no price.</summary>
    public decimal? Cost { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    // A 10 MB body is a few hundred reads, most of them waiting on the socket: the pooling builder reuses the state
    // machine of a read that completes later instead of allocating one per read (a ValueTask is awaited once, which
    // is all a Stream's caller may do with it).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_lease.Ended || buffer.IsEmpty)
        {
            return 0;
        }

        _lease.Touch();
        CancellationTokenSource? linked = null;
        try
        {
            // The lease's token already carries the call's own token; a different one given to this read joins it.
            var token = _lease.Token;
            if (!_lease.Covers(cancellationToken))
            {
                linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
                token = linked.Token;
            }

            var count = await _body.ReadAsync(buffer, token).ConfigureAwait(false);
            if (count == 0)
            {
                Cost = _lease.Complete(_summarize(_read));
            }

            _read += count;
            return count;
        }
        catch (Exception ex) when (!_lease.Ended)
        {
            throw _lease.Fail(ex);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _lease.Dispose();
        }

        base.Dispose(disposing);
    }
}
