using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>The client-side limits of one endpoint: concurrent requests (with a bounded queue), requests per minute
/// and tokens per minute. Callers wait in arrival order, or are rejected, as configured.</summary>
/// <remarks>
/// <para>Concurrency uses System.Threading.RateLimiting's <see cref="ConcurrencyLimiter"/> (its queue bounded by
/// <see cref="CustomRateLimitOptions.MaxQueuedRequests"/> and served oldest first).</para>
/// <para>The per-minute budgets use <see cref="TokenBucket"/> instead of that library's token bucket or window
/// limiters: those read <c>Stopwatch</c> directly, even when replenished by hand (<c>TryReplenish</c> computes what
/// to add from the real elapsed time), so they cannot run on the injected <see cref="TimeProvider"/> that tests and
/// the rest of the resilience layer use; and tokens per minute must be charged an estimate up front and corrected with
/// the usage the server reports afterwards, which none of them can do.</para>
/// </remarks>
internal sealed class EndpointLimiter : IEndpointLimiter
{
    private readonly CustomRateLimitOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _endpoint;
    private readonly ConcurrencyLimiter? _concurrency;
    private readonly TokenBucket? _requests;
    private readonly TokenBucket? _tokens;

    public EndpointLimiter(CustomRateLimitOptions options, TimeProvider timeProvider, string endpoint)
    {
        _options = options;
        _timeProvider = timeProvider;
        _endpoint = endpoint;
        var waits = options.OverLimit == OverLimitBehavior.Wait && options.MaxQueueTime > TimeSpan.Zero;
        if (options.MaxConcurrentRequests is { } concurrent)
        {
            _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = concurrent,
                QueueLimit = waits ? options.MaxQueuedRequests : 0,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        _requests = options.RequestsPerMinute is { } rpm ? new TokenBucket(rpm, timeProvider) : null;
        _tokens = options.TokensPerMinute is { } tpm ? new TokenBucket(tpm, timeProvider) : null;
    }

    /// <inheritdoc />
    public async Task<ILimiterLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        var maxWait = _options.OverLimit == OverLimitBehavior.Reject ? TimeSpan.Zero : _options.MaxQueueTime;
        var start = _timeProvider.GetTimestamp();
        RateLimitLease? slot = null;
        try
        {
            if (_concurrency is not null)
            {
                slot = await AcquireAsync(_concurrency, maxWait, cancellationToken).ConfigureAwait(false);
                if (!slot.IsAcquired)
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

            return new Lease(this, slot, estimatedTokens, _timeProvider.GetElapsedTime(start));
        }
        catch
        {
            slot?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>In one process the retry delay already honours the server's wait; nothing more to hold.</remarks>
    public void ShareCooldown(TimeSpan wait)
    {
    }

    public void Dispose()
    {
        _concurrency?.Dispose();
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    /// <summary>Takes a concurrency slot, waiting at most <paramref name="maxWait"/>; a lease that is not acquired
    /// means the wait ran out or the queue was full.</summary>
    private async ValueTask<RateLimitLease> AcquireAsync(ConcurrencyLimiter limiter, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var immediate = limiter.AttemptAcquire(1);
        if (immediate.IsAcquired || maxWait <= TimeSpan.Zero)
        {
            return immediate;
        }

        immediate.Dispose();
        using var queueTimeout = new CancellationTokenSource(maxWait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(queueTimeout.Token, cancellationToken);
        try
        {
            return await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FailedLease.Instance;
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
    internal sealed class Lease(EndpointLimiter owner, RateLimitLease? slot, int estimatedTokens, TimeSpan waited) : ILimiterLease
    {
        private int _disposed;

        public TimeSpan Waited => waited;

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
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slot?.Dispose();
            }
        }
    }

    /// <summary>The lease for a wait that ran out.</summary>
    private sealed class FailedLease : RateLimitLease
    {
        public static readonly FailedLease Instance = new();

        public override bool IsAcquired => false;

        public override System.Collections.Generic.IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
