using System;

namespace Connectors.Custom;

/// <summary>How failed attempts are retried on the same endpoint.</summary>
/// <remarks>Retried: HTTP 408, 409, 429, 500, 502, 503, 504, 529, connection failures, dropped responses and attempt
/// timeouts. Never retried: other 4xx (402 and <c>insufficient_quota</c> included) and caller cancellation.</remarks>
public sealed class CustomRetryOptions
{
    /// <summary>Gets or sets how many times a failed attempt is retried on the same endpoint (0 turns retries off).</summary>
    /// <value>Default: 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later retries double it (with jitter).</summary>
    /// <value>Default: 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest computed backoff delay.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait a server may ask for (<c>Retry-After</c> and similar). A longer request
    /// (or one longer than what is left of the total timeout) fails at once with <see cref="CustomRateLimitException"/>,
    /// or moves to a backup endpoint.</summary>
    /// <value>Default: 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets whether backoff delays are randomized so that many clients do not retry in lockstep.</summary>
    /// <value>Default: true.</value>
    public bool UseJitter { get; set; } = true;

    internal CustomRetryOptions Clone() => (CustomRetryOptions)MemberwiseClone();
}
