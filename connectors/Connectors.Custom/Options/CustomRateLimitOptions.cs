using System;

namespace Connectors.Custom;

/// <summary>Client-side limits for one endpoint, so a service stays within a provider's quotas instead of
/// collecting 429s. Every limit is off (null) by default.</summary>
public sealed class CustomRateLimitOptions
{
    /// <summary>Gets or sets the most requests in flight at once.</summary>
    /// <value>Default: null (no limit).</value>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Gets or sets how many calls may wait for a concurrency slot; more are rejected.</summary>
    /// <value>Default: 1000.</value>
    public int MaxQueuedRequests { get; set; } = 1000;

    /// <summary>Gets or sets the request budget per minute.</summary>
    /// <value>Default: null (no limit).</value>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the token budget per minute. Each request is charged an estimate (about four characters
    /// a token) when it starts and corrected with the usage the server reports.</summary>
    /// <value>Default: null (no limit).</value>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets whether an over-limit call waits or is rejected.</summary>
    /// <value>Default: <see cref="OverLimitBehavior.Wait"/>.</value>
    public OverLimitBehavior OverLimit { get; set; } = OverLimitBehavior.Wait;

    /// <summary>Gets or sets the longest a call waits for the limits before it is rejected.</summary>
    /// <value>Default: 60 seconds.</value>
    public TimeSpan MaxQueueTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets whether any limit is set.</summary>
    internal bool IsEnabled => MaxConcurrentRequests is not null || RequestsPerMinute is not null || TokensPerMinute is not null;

    internal CustomRateLimitOptions Clone() => (CustomRateLimitOptions)MemberwiseClone();
}
