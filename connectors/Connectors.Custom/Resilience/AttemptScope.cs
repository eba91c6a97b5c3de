using System;
using System.Threading;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// What one attempt at one endpoint holds from the moment it is let through until its outcome is known: the circuit
/// breaker's admission, the limiter lease, the timeout scope and the endpoint's in-flight count. Its outcome is
/// recorded once, and everything it holds is released once, whichever path ends it.
/// </summary>
internal sealed class AttemptScope : IDisposable
{
    private readonly IAttemptOutcomes _endpoint;
    private readonly ILimiterLease? _lease;
    private readonly IBudgetHold _budget;
    private readonly ModelPrice? _price;
    private readonly long _started;
    private UsagePayload? _usage;
    private UsageDetails? _usageDetails;
    private int _settled;

    /// <param name="endpoint">Where the outcome is recorded.</param>
    /// <param name="lease">The limiter's admission, if any.</param>
    /// <param name="budget">The call's budget hold, charged with what the attempt cost.</param>
    /// <param name="price">The endpoint's price, if known.</param>
    /// <param name="timeouts">The attempt's timeouts.</param>
    /// <param name="started">When the attempt started (a timestamp).</param>
    public AttemptScope(IAttemptOutcomes endpoint, ILimiterLease? lease, IBudgetHold budget, ModelPrice? price, TimeoutScope timeouts, long started)
    {
        _endpoint = endpoint;
        _lease = lease;
        _budget = budget;
        _price = price;
        Timeouts = timeouts;
        _started = started;
    }

    /// <summary>Gets the attempt's timeouts; its token is what the request is sent with.</summary>
    public TimeoutScope Timeouts { get; }

    /// <summary>Gets the token the request and its reads run under (caller, total and attempt or idle timeouts).</summary>
    public CancellationToken Token => Timeouts.Token;

    /// <summary>Gets the latest usage the server reported for this attempt, if any: what a call that fails after it
    /// still has to account for.</summary>
    public UsageDetails? ReportedUsage => _usageDetails ??= ChatResponseFactory.ToUsageDetails(_usage);

    /// <summary>Keeps the usage the server reported (the protocol client's choice among repeated or cumulative
    /// reports); the token limit and the budget hold are corrected with it once, when the attempt settles.</summary>
    public void ReportUsage(UsagePayload? usage)
    {
        if (usage is not null)
        {
            // Read again when next asked: a protocol client may report the same payload, updated in place.
            _usage = usage;
            _usageDetails = null;
        }
    }

    /// <summary>Records the outcome of the attempt for the circuit breaker and latency figures: success, a failure
    /// that counts against the endpoint, or neither (cancelled, or an error that is the request's fault).</summary>
    public void Settle(Exception? failure)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            var usage = _usage is null ? null : ReportedUsage;
            _lease?.RecordUsage(usage?.TotalTokenCount);
            if (usage is not null && _price is not null)
            {
                // Whatever the attempt's outcome: usage the server reported was spent.
                _budget.Charge(_price.Compute(usage.InputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, usage.OutputTokenCount ?? 0));
            }

            var verdict = _endpoint.RecordOutcome(failure, _started);
            _lease?.RecordVerdict(verdict);
        }
    }

    public void Dispose()
    {
        // An attempt disposed without a verdict (a hedge that lost, a stream the caller left) is abandoned. Nearly every
        // attempt was settled already, so the exception is only made when it is needed.
        if (Volatile.Read(ref _settled) == 0)
        {
            Settle(new OperationCanceledException());
        }
        Timeouts.Dispose();
        _lease?.Dispose();
    }
}
