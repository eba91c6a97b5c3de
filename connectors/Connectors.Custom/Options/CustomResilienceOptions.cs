using System;

namespace Connectors.Custom;

/// <summary>
/// How the connector keeps answering while providers throttle, stall and fail: retries, timeouts, client-side limits,
/// a circuit breaker per endpoint, and the choice among the primary endpoint and its backups. On by default.
/// </summary>
/// <remarks>Order, outermost first: total timeout → endpoint choice (load balancing, failover, hedging) → per
/// endpoint: retry → circuit breaker → client-side limits → attempt timeout → the request.</remarks>
public sealed class CustomResilienceOptions
{
    /// <summary>Gets or sets whether any of this applies. Off, a call makes exactly one attempt at the primary endpoint
    /// and only the timeouts still apply.</summary>
    /// <value>Default: true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets the retry settings.</summary>
    public CustomRetryOptions Retry { get; set; } = new();

    /// <summary>Gets the timeout settings.</summary>
    public CustomTimeoutOptions Timeouts { get; set; } = new();

    /// <summary>Gets the client-side limits of this endpoint.</summary>
    public CustomRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Gets the circuit breaker settings of this endpoint.</summary>
    public CustomCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Gets or sets how a call picks among the primary endpoint and its backups.</summary>
    /// <value>Default: <see cref="LoadBalancingStrategy.Failover"/>.</value>
    public LoadBalancingStrategy LoadBalancing { get; set; } = LoadBalancingStrategy.Failover;

    /// <summary>Gets or sets the delay after which, if the first endpoint has not produced its answer (or first
    /// streamed update), the same call is also started on the next endpoint; the first to answer wins and the other
    /// is cancelled. Null (the default) turns hedging off. It needs at least one backup.</summary>
    /// <value>Default: null.</value>
    public TimeSpan? HedgingDelay { get; set; }

    internal CustomResilienceOptions Clone() => new()
    {
        Enabled = Enabled,
        Retry = Retry.Clone(),
        Timeouts = Timeouts.Clone(),
        RateLimits = RateLimits.Clone(),
        CircuitBreaker = CircuitBreaker.Clone(),
        LoadBalancing = LoadBalancing,
        HedgingDelay = HedgingDelay,
    };

    internal void Validate(string owner)
    {
        Require(Retry.MaxRetries is >= 0 and <= 100, "Retry.MaxRetries", "must be between 0 and 100", Retry.MaxRetries);
        Require(Retry.BaseDelay >= TimeSpan.Zero, "Retry.BaseDelay", "must not be negative", Retry.BaseDelay);
        Require(Retry.MaxDelay >= Retry.BaseDelay, "Retry.MaxDelay", "must be at least Retry.BaseDelay", Retry.MaxDelay);
        Require(Retry.MaxRetryAfter >= TimeSpan.Zero, "Retry.MaxRetryAfter", "must not be negative", Retry.MaxRetryAfter);
        Require(Timeouts.AttemptTimeout is null || Timeouts.AttemptTimeout > TimeSpan.Zero, "Timeouts.AttemptTimeout", "must be positive", Timeouts.AttemptTimeout);
        Require(Timeouts.StreamIdleTimeout is null || Timeouts.StreamIdleTimeout > TimeSpan.Zero, "Timeouts.StreamIdleTimeout", "must be positive", Timeouts.StreamIdleTimeout);
        Require(Timeouts.TotalTimeout is null || Timeouts.TotalTimeout > TimeSpan.Zero, "Timeouts.TotalTimeout", "must be positive", Timeouts.TotalTimeout);
        Require(RateLimits.MaxConcurrentRequests is null or >= 1, "RateLimits.MaxConcurrentRequests", "must be at least 1 when set", RateLimits.MaxConcurrentRequests);
        Require(RateLimits.MaxQueuedRequests >= 0, "RateLimits.MaxQueuedRequests", "must not be negative", RateLimits.MaxQueuedRequests);
        Require(RateLimits.RequestsPerMinute is null or >= 1, "RateLimits.RequestsPerMinute", "must be at least 1 when set", RateLimits.RequestsPerMinute);
        Require(RateLimits.TokensPerMinute is null or >= 1, "RateLimits.TokensPerMinute", "must be at least 1 when set", RateLimits.TokensPerMinute);
        Require(RateLimits.MaxQueueTime >= TimeSpan.Zero, "RateLimits.MaxQueueTime", "must not be negative", RateLimits.MaxQueueTime);
        Require(CircuitBreaker.FailureRatio is > 0 and <= 1, "CircuitBreaker.FailureRatio", "must be above 0 and at most 1", CircuitBreaker.FailureRatio);
        Require(CircuitBreaker.MinimumThroughput >= 2, "CircuitBreaker.MinimumThroughput", "must be at least 2", CircuitBreaker.MinimumThroughput);
        Require(CircuitBreaker.SamplingDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker.SamplingDuration", "must be at least 500 ms", CircuitBreaker.SamplingDuration);
        Require(CircuitBreaker.BreakDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker.BreakDuration", "must be at least 500 ms", CircuitBreaker.BreakDuration);
        Require(HedgingDelay is null || HedgingDelay >= TimeSpan.Zero, "HedgingDelay", "must not be negative", HedgingDelay);

        void Require(bool condition, string setting, string rule, object? value)
        {
            if (!condition)
            {
                throw new ArgumentException($"{owner}.Resilience.{setting} {rule}; got {value?.ToString() ?? "null"}.", "Resilience");
            }
        }
    }
}
