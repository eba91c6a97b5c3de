using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>The client-side limits of one endpoint: concurrent requests (with a bounded queue), requests per minute
/// and tokens per minute. Callers wait in arrival order, or are rejected, as configured.</summary>
/// <remarks>Concurrency uses a <see cref="SemaphoreSlim"/>, whose async waiters are released first-in first-out; the
/// per-minute budgets use <see cref="TokenBucket"/>.</remarks>
internal sealed class EndpointLimiter : IDisposable
{
    private readonly CustomRateLimitOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _endpoint;
    private readonly SemaphoreSlim? _concurrency;
    private readonly TokenBucket? _requests;
    private readonly TokenBucket? _tokens;
    private int _queued;

    public EndpointLimiter(CustomRateLimitOptions options, TimeProvider timeProvider, string endpoint)
    {
        _options = options;
        _timeProvider = timeProvider;
        _endpoint = endpoint;
        _concurrency = options.MaxConcurrentRequests is { } concurrent ? new SemaphoreSlim(concurrent, concurrent) : null;
        _requests = options.RequestsPerMinute is { } rpm ? new TokenBucket(rpm, timeProvider) : null;
        _tokens = options.TokensPerMinute is { } tpm ? new TokenBucket(tpm, timeProvider) : null;
    }

    /// <summary>Waits for room under every limit.</summary>
    /// <returns>A lease to dispose when the request ends, and to correct with the tokens actually used.</returns>
    /// <exception cref="CustomRateLimitException">A limit is reached and the call may not wait (or waited too long).</exception>
    public async Task<Lease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        var maxWait = _options.OverLimit == OverLimitBehavior.Reject ? TimeSpan.Zero : _options.MaxQueueTime;
        var start = _timeProvider.GetTimestamp();
        var holdsSlot = false;
        try
        {
            if (_concurrency is not null)
            {
                holdsSlot = await EnterConcurrencyAsync(maxWait, cancellationToken).ConfigureAwait(false);
                if (!holdsSlot)
                {
                    throw Rejected($"{_options.MaxConcurrentRequests} concurrent requests (MaxConcurrentRequests)");
                }
            }

            if (_requests is not null && !await _requests.TakeAsync(1, Remaining(maxWait, start), cancellationToken).ConfigureAwait(false))
            {
                throw Rejected($"{_options.RequestsPerMinute} requests per minute (RequestsPerMinute)");
            }

            if (_tokens is not null && !await _tokens.TakeAsync(estimatedTokens, Remaining(maxWait, start), cancellationToken).ConfigureAwait(false))
            {
                throw Rejected($"{_options.TokensPerMinute} tokens per minute (TokensPerMinute)");
            }

            return new Lease(this, holdsSlot, estimatedTokens);
        }
        catch
        {
            if (holdsSlot)
            {
                _concurrency!.Release();
            }

            throw;
        }
    }

    public void Dispose()
    {
        _concurrency?.Dispose();
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    private async Task<bool> EnterConcurrencyAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (_concurrency!.Wait(0, CancellationToken.None))
        {
            return true;
        }

        if (maxWait <= TimeSpan.Zero)
        {
            return false;
        }

        try
        {
            // The queue is bounded: past MaxQueuedRequests waiters, a call is turned away instead of queued.
            if (Interlocked.Increment(ref _queued) > _options.MaxQueuedRequests)
            {
                return false;
            }

            using var queueTimeout = new CancellationTokenSource(maxWait, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(queueTimeout.Token, cancellationToken);
            await _concurrency.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private TimeSpan Remaining(TimeSpan maxWait, long start)
    {
        var left = maxWait - _timeProvider.GetElapsedTime(start);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private CustomRateLimitException Rejected(string limit) => new(
        $"The client-side limit of {limit} for {_endpoint} was reached{(_options.OverLimit == OverLimitBehavior.Wait ? $" and did not free up within {_options.MaxQueueTime} (MaxQueueTime)" : string.Empty)}; nothing was sent.",
        requestedDelay: null,
        isClientSide: true);

    /// <summary>Held for the duration of one request.</summary>
    internal sealed class Lease(EndpointLimiter owner, bool holdsSlot, int estimatedTokens) : IDisposable
    {
        private int _disposed;

        /// <summary>Charges the difference between the tokens the server reported and the estimate.</summary>
        public void RecordUsage(long? actualTokens)
        {
            if (actualTokens is { } actual)
            {
                owner._tokens?.Correct(actual - estimatedTokens);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && holdsSlot)
            {
                owner._concurrency!.Release();
            }
        }
    }
}
