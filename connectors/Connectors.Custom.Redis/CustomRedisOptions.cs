using System;

namespace Connectors.Custom.Redis;

/// <summary>Settings of fleet mode: how the instances of one application share limits and cooldowns through Redis.</summary>
public sealed class CustomRedisOptions
{
    /// <summary>Gets or sets the prefix of every key, so several applications (or environments) can share one Redis.</summary>
    /// <value>Default: <c>ccx</c>.</value>
    public string KeyPrefix { get; set; } = "ccx";

    /// <summary>Gets or sets the window over which <see cref="CustomRateLimitOptions.RequestsPerMinute"/> and
    /// <see cref="CustomRateLimitOptions.TokensPerMinute"/> are counted. The rate stays per minute; a shorter window
    /// allows smaller bursts: with 600 requests per minute and a one-second window, at most 10 requests are admitted in
    /// any second, which is what a per-second quota needs.</summary>
    /// <value>Default: one minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a concurrency slot, or budget reserved for calls, is held at most: an instance
    /// that crashes mid-request gives its slots and reservations back after this long. Set it above the longest call
    /// (streams included).</summary>
    /// <value>Default: ten minutes.</value>
    public TimeSpan ConcurrencyLeaseTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how soon after a call ends an instance tells Redis what its calls spent, and hands back the
    /// shared budget it held for calls that did not come. An instance lets most calls through from budget it already
    /// holds, without a round trip, and reports their spend with the next call that needs more; this bounds how late
    /// the fleet sees spend when no such call comes, and what a crash can leave uncounted (what the instance's calls
    /// spent in this interval).</summary>
    /// <value>Default: one second.</value>
    public TimeSpan BudgetReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest one Redis operation may take before it counts as Redis being unreachable.</summary>
    /// <value>Default: 250 milliseconds.</value>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how long after a failed Redis operation calls skip Redis before trying it again, so an
    /// outage costs one timeout per interval rather than one per call.</summary>
    /// <value>Default: two seconds.</value>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how often an instance reads, in the background, the adaptations other instances learned
    /// (a field the server rejects, a token-limit name): a request never waits for them, and uses what another instance
    /// learned at most this long after first using the model (they are also read when a service is created). What this
    /// instance learns is published at once. Zero reads again on every request that finds no read in progress.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan QuirkRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets whether embeddings are cached in Redis for every instance (Microsoft.Extensions.AI's
    /// distributed caching generator): an input already embedded by the same model, at the same dimensions, is
    /// answered from Redis without a request. Applies to every embedding service this library registers, through
    /// <c>IEmbeddingGenerator</c> and Semantic Kernel's <c>ITextEmbeddingGenerationService</c> alike. While Redis cannot
    /// be reached, embeddings are generated as without the cache.</summary>
    /// <value>Default: false.</value>
    public bool CacheEmbeddings { get; set; }

    /// <summary>Gets or sets how long a cached embedding is kept (see <see cref="CacheEmbeddings"/>).</summary>
    /// <value>Default: seven days.</value>
    public TimeSpan EmbeddingCacheTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets what a call does while Redis cannot be reached.</summary>
    /// <value>Default: <see cref="CustomRedisFailurePolicy.FailOpen"/>.</value>
    public CustomRedisFailurePolicy FailurePolicy { get; set; } = CustomRedisFailurePolicy.FailOpen;

    /// <summary>Gets or sets how far shared budgets' clock is moved from Redis's (tests only: a period boundary cannot
    /// be waited for).</summary>
    internal TimeSpan BudgetClockOffset { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"{nameof(KeyPrefix)} must be non-empty and contain no braces (they would change the key's hash slot).", nameof(KeyPrefix));
        }

        RequirePositive(Window, nameof(Window));
        RequirePositive(ConcurrencyLeaseTime, nameof(ConcurrencyLeaseTime));
        RequirePositive(OperationTimeout, nameof(OperationTimeout));
        RequirePositive(BudgetReportInterval, nameof(BudgetReportInterval));
        RequirePositive(EmbeddingCacheTime, nameof(EmbeddingCacheTime));
        RequireNotNegative(RetryInterval, nameof(RetryInterval));
        RequireNotNegative(QuirkRefreshInterval, nameof(QuirkRefreshInterval));

        if (!Enum.IsDefined(FailurePolicy))
        {
            throw new ArgumentException($"{nameof(FailurePolicy)} {(int)FailurePolicy} is not a defined value.", nameof(FailurePolicy));
        }

        static void RequireNotNegative(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must not be negative (got {value}).", name);
            }
        }

        static void RequirePositive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must be positive (got {value}).", name);
            }
        }
    }

    internal CustomRedisOptions Clone() => (CustomRedisOptions)MemberwiseClone();
}
