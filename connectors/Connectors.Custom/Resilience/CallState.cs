using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>What one resilient call shares across its attempts and endpoints: its name and start, the attempt count,
/// the token estimate for rate limits, the budget hold its attempts charge, and the total timeout.</summary>
internal sealed class CallState(string operationName, int estimatedTokens, TimeProvider timeProvider, TimeSpan? totalTimeout, TimeoutScope timeouts, IBudgetHold budget, CancellationToken callerToken)
{
    private int _attempts;

    /// <summary>Gets the GenAI operation name (<c>chat</c>, <c>embeddings</c>).</summary>
    public string OperationName => operationName;

    /// <summary>Gets when the call started (a timestamp of its clock).</summary>
    public long Started { get; } = timeProvider.GetTimestamp();

    /// <summary>Gets the call's own timeout scope: the caller's token and the total timeout.</summary>
    public TimeoutScope Timeouts => timeouts;

    /// <summary>Gets the caller's own token, linked directly by each attempt so a cancelled caller is told apart from
    /// an expired timeout.</summary>
    public CancellationToken CallerToken => callerToken;

    public int EstimatedTokens => estimatedTokens;

    /// <summary>Gets the call's reservation against its budgets, which each attempt charges with what it cost.</summary>
    public IBudgetHold Budget => budget;

    /// <summary>Gets what an attempt waits for before it sends: the budget's reservation, complete already unless a
    /// shared budget's round trip is still on its way (<see cref="PendingBudgetHold"/>).</summary>
    public Task BudgetReserved => budget is PendingBudgetHold pending ? pending.Reserved : Task.CompletedTask;

    public int Attempts => Volatile.Read(ref _attempts);

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Whether waiting <paramref name="wait"/> fits both the cap and what is left of the total timeout.</summary>
    public bool MayWait(TimeSpan wait, TimeSpan cap) =>
        wait <= cap && (totalTimeout is not { } total || wait < total - timeProvider.GetElapsedTime(Started));
}
