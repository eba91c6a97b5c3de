using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// A per-minute budget (requests or tokens) that refills continuously and can be corrected after the fact, driven by
/// a <see cref="TimeProvider"/> so tests control time.
/// </summary>
/// <remarks>
/// Written here rather than taken from System.Threading.RateLimiting (see <see cref="EndpointLimiter"/> for why).
/// Waiters are served one at a time in arrival order: the async lock is a <see cref="SemaphoreSlim"/>, whose async
/// waiters are released first-in first-out.
/// </remarks>
internal sealed class TokenBucket : IDisposable
{
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _line = new(1, 1);
    private readonly object _gate = new();
    private double _available;
    private long _lastRefill;

    public TokenBucket(int perMinute, TimeProvider timeProvider)
    {
        _capacity = perMinute;
        _refillPerSecond = perMinute / 60d;
        _available = perMinute;
        _timeProvider = timeProvider;
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Takes <paramref name="amount"/> from the budget, waiting in line while it is short.</summary>
    /// <returns>False when the budget would not allow it within <paramref name="maxWait"/> (nothing is taken).</returns>
    public async Task<bool> TakeAsync(double amount, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // A request larger than the whole budget would wait forever; it is allowed once the bucket is full.
        amount = Math.Min(amount, _capacity);
        var start = _timeProvider.GetTimestamp();
        if (!_line.Wait(0, CancellationToken.None))
        {
            using var queueTimeout = new CancellationTokenSource(maxWait, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(queueTimeout.Token, cancellationToken);
            try
            {
                await _line.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    Refill();
                    if (_available >= amount)
                    {
                        _available -= amount;
                        return true;
                    }

                    wait = TimeSpan.FromSeconds((amount - _available) / _refillPerSecond);
                }

                var left = maxWait - _timeProvider.GetElapsedTime(start);
                if (wait > left)
                {
                    return false;
                }

                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _line.Release();
        }
    }

    /// <summary>Adjusts the budget by <paramref name="difference"/> (positive when more was used than charged).</summary>
    public void Correct(double difference)
    {
        lock (_gate)
        {
            Refill();
            _available = Math.Min(_capacity, _available - difference);
        }
    }

    public void Dispose() => _line.Dispose();

    private void Refill()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _available = Math.Min(_capacity, _available + (elapsed.TotalSeconds * _refillPerSecond));
    }
}
