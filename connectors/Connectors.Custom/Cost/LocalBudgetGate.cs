using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// One process's budgets: before each call, what the usage tracker has recorded (for this service id, or everything)
/// is compared with the limits, and a call is refused (or warned about) once a limit is spent. Nothing is reserved:
/// calls already in flight can overspend it, which fleet mode's reservations prevent.
/// </summary>
/// <remarks>With a <see cref="BudgetPeriod"/>, the tracker's total at the first check of each UTC period is the
/// period's baseline, so only what is spent from then on counts. Thread-safe.</remarks>
internal sealed class LocalBudgetGate(CustomBudgetOptions budget, ConnectorDiagnostics diagnostics, TimeProvider timeProvider) : IBudgetGate
{
    private readonly Baseline _service = new();
    private readonly Baseline _global = new();
    private int _warned;

    /// <inheritdoc />
    public ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        Check();
        return new ValueTask<IBudgetHold>(NoBudgetHold.Instance);
    }

    /// <summary>Refuses (or warns about) a call once a budget is spent; nothing is sent when it refuses.</summary>
    /// <exception cref="CustomBudgetExceededException">A budget is spent and refuses further calls.</exception>
    public void Check()
    {
        var serviceId = diagnostics.ServiceId;
        Check(budget.ServiceLimit, ServiceScope(serviceId), serviceId, _service);
        Check(budget.GlobalLimit, "global", null, _global);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing is held: the usage tracker already counted what calls spent.
    }

    /// <summary>Names the service's budget in messages: its service id, or <c>service</c>.</summary>
    public static string ServiceScope(string? serviceId) => serviceId ?? "service";

    private void Check(decimal? limit, string scope, string? serviceId, Baseline baseline)
    {
        if (limit is not { } value)
        {
            return;
        }

        var spent = diagnostics.Tracker.GetSpent(serviceId);
        if (budget.Period != BudgetPeriod.None)
        {
            spent -= baseline.Since(BudgetPeriods.Current(budget.Period, timeProvider.GetUtcNow()), spent);
        }

        if (spent < value)
        {
            return;
        }

        Exceeded(scope, value, spent);
    }

    /// <summary>Refuses the call, or warns once, as <see cref="CustomBudgetOptions.OnExceeded"/> says.</summary>
    /// <exception cref="CustomBudgetExceededException">The budget refuses further calls.</exception>
    public void Exceeded(string scope, decimal limit, decimal spent)
    {
        if (budget.OnExceeded == BudgetAction.Refuse)
        {
            throw new CustomBudgetExceededException(scope, limit, spent);
        }

        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Log.BudgetExceeded(diagnostics.Logger, scope, limit, spent);
        }
    }

    /// <summary>What the tracker had recorded when the current period began (as seen by the first check in it); the
    /// first period counts everything, since the process started in it.</summary>
    private sealed class Baseline
    {
        private readonly object _lock = new();
        private long _period = long.MinValue;
        private decimal _spentBefore;

        public decimal Since(long period, decimal spentNow)
        {
            lock (_lock)
            {
                if (_period != period)
                {
                    _spentBefore = _period == long.MinValue ? 0m : spentNow;
                    _period = period;
                }

                return _spentBefore;
            }
        }
    }
}
