using System;
using System.Threading;

namespace Connectors.Custom;

/// <summary>What one resilient call shares across its attempts and endpoints: the attempt count, the token estimate
/// for rate limits, and the total-timeout deadline.</summary>
internal sealed class CallState(int estimatedTokens, TimeProvider timeProvider, TimeSpan? totalTimeout, CancellationToken callerToken)
{
    /// <summary>Gets the caller's own token, which a stream keeps honouring after the call's scopes are gone.</summary>
    public CancellationToken CallerToken => callerToken;

    private readonly long _start = timeProvider.GetTimestamp();
    private int _attempts;

    public int EstimatedTokens => estimatedTokens;

    public int Attempts => Volatile.Read(ref _attempts);

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Whether waiting <paramref name="wait"/> fits both the cap and what is left of the total timeout.</summary>
    public bool MayWait(TimeSpan wait, TimeSpan cap) =>
        wait <= cap && (totalTimeout is not { } total || wait < total - timeProvider.GetElapsedTime(_start));
}
