namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>What one soak run does: how many calls, how many at once, and how often each server fails.</summary>
internal sealed record SoakSettings(int Calls, int Concurrency, double FaultRate, double BackupFaultRate, int Seed)
{
    /// <summary>Retries per endpoint; the invariant is that no endpoint sees more than 1 + this many attempts per call.</summary>
    public const int MaxRetries = 3;

    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan StreamIdleTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(1);
    public const double BreakerFailureRatio = 0.5;
    public const int BreakerMinimumThroughput = 20;

    // Server-side fault parameters: short waits so the run stays fast, but a slow first byte longer than the attempt
    // timeout, so that attempt timeouts and their retries are exercised too.
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryAfterMs = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan RateLimitReset = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan SlowFirstByteDelay = TimeSpan.FromMilliseconds(2500);

    /// <summary>Longer than the attempt and idle timeouts, so a stall is always ended by the client's timeout.</summary>
    public static readonly TimeSpan StallDuration = TimeSpan.FromSeconds(5);

    /// <summary>A call still running this long is reported as hung (an invariant failure) and cancelled.</summary>
    public static readonly TimeSpan HangLimit = TotalTimeout + TimeSpan.FromSeconds(15);

    /// <summary>The managed heap (after a full collection) may grow by at most this much from the 10% sample to the
    /// 100% sample: the run allocates nothing that should live beyond its call.</summary>
    public const long MaxHeapGrowthBytes = 16L * 1024 * 1024;
}
