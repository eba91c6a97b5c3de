using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// One service's budgets, shared by every instance through Redis: a call reserves its estimated cost in one script
/// run (one round trip) before it is sent, and when it ends one message, sent without waiting, replaces the
/// reservation with what it actually cost. A reservation expires after <see cref="CustomRedisOptions.ConcurrencyLeaseTime"/>,
/// so an instance that crashes mid-call gives it back. While Redis cannot be reached the failure policy decides:
/// <see cref="CustomRedisFailurePolicy.FailOpen"/> checks this process's own spend, as without fleet mode.
/// </summary>
internal sealed class RedisBudgetGate : IBudgetGate
{
    private readonly IDatabase _database;
    private readonly BudgetKeys _keys;
    private readonly FleetHealth _health;
    private readonly CustomRedisOptions _options;
    private readonly FleetBudget _budget;
    private readonly LocalBudgetGate _local;
    private readonly TimeProvider _timeProvider;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly long _holdMilliseconds;
    private readonly long _keepMilliseconds;
    private long _sequence;

    public RedisBudgetGate(IDatabase database, BudgetKeys keys, FleetHealth health, CustomRedisOptions options, FleetBudget budget, LocalBudgetGate local, TimeProvider timeProvider)
    {
        _database = database;
        _keys = keys;
        _health = health;
        _options = options;
        _budget = budget;
        _local = local;
        _timeProvider = timeProvider;
        _holdMilliseconds = (long)options.ConcurrencyLeaseTime.TotalMilliseconds;

        // A counter outlives its last use by more than its period, so it is never dropped while it still counts;
        // a budget without a period is kept for 400 days after its last call.
        _keepMilliseconds = (long)(budget.Options.Period switch
        {
            BudgetPeriod.Day => TimeSpan.FromDays(2),
            BudgetPeriod.Month => TimeSpan.FromDays(62),
            _ => TimeSpan.FromDays(400),
        }).TotalMilliseconds + _holdMilliseconds;
    }

    /// <inheritdoc />
    public async ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        if (!_health.ShouldTry)
        {
            return FallBack(null);
        }

        var id = $"{_instance}:{Interlocked.Increment(ref _sequence)}";
        var estimate = Nano.FromDollars(Math.Max(estimatedTokens, 0) * _budget.RatePerToken, MidpointRounding.ToPositiveInfinity);
        var warnOnly = _budget.Options.OnExceeded == BudgetAction.Warn;
        RedisResult[] answer;
        try
        {
            var values = new RedisValue[7 + _keys.Limits.Length];
            values[0] = ClockOffset;
            values[1] = (int)_budget.Options.Period;
            values[2] = _holdMilliseconds;
            values[3] = id;
            values[4] = estimate;
            values[5] = warnOnly ? 1 : 0;
            values[6] = _keepMilliseconds;
            _keys.Limits.CopyTo(values, 7);
            answer = await FleetCommands.EvaluateAsync(_database, BudgetScripts.Reserve, _keys.Keys, values, _options, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FleetCommands.IsUnanswered(ex))
        {
            // The reservation may have been made even though its answer never came: end it, so neither a timeout nor
            // a cancellation holds budget that no call uses.
            Settle(id, 0m);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            _health.Failed(ex);
            return FallBack(ex);
        }

        _health.Succeeded();
        var exceeded = (int)(long)answer[1];
        if (exceeded > 0)
        {
            var (scope, limit) = _keys.Scopes[exceeded - 1];
            var committed = Nano.ToDollars((long)answer[2] + (long)answer[3]);
            FleetInstruments.Budget(scope, warnOnly ? "warned" : "refused");

            // Refuses (nothing was reserved) or warns once (the reservation was made), as OnExceeded says.
            _local.Exceeded(scope, limit, committed);
        }
        else
        {
            FleetInstruments.Budget(null, "reserved");
        }

        return new Hold(this, id);
    }

    /// <summary>Gets or sets how far this gate's budget clock is moved from Redis's (tests only: a period boundary
    /// cannot be waited for).</summary>
    internal long ClockOffset { get; set; }

    private IBudgetHold FallBack(Exception? error)
    {
        FleetInstruments.DegradedCall(_budget.Primary.Address, _options.FailurePolicy);
        if (_options.FailurePolicy == CustomRedisFailurePolicy.FailClosed)
        {
            throw new CustomCoordinationUnavailableException(_budget.Primary.Address, error);
        }

        _local.Check();

        // What the call costs is still sent to the shared spend, which counts it if Redis answers by then.
        return new Hold(this, $"{_instance}:local:{Interlocked.Increment(ref _sequence)}");
    }

    private void Settle(string id, decimal actual) =>
        FleetCommands.Send(_database, BudgetScripts.Settle, _keys.Keys, [ClockOffset, (int)_budget.Options.Period, id, Nano.FromDollars(actual, MidpointRounding.AwayFromZero), _keepMilliseconds]);

    /// <summary>One call's reservation: its attempts' charges add up here, and the sum is settled once, when the call
    /// ends.</summary>
    private sealed class Hold(RedisBudgetGate owner, string id) : IBudgetHold
    {
        private readonly object _lock = new();
        private decimal _charged;
        private bool _ended;

        public void Charge(decimal cost)
        {
            lock (_lock)
            {
                if (!_ended)
                {
                    _charged += cost;
                    return;
                }
            }

            // The call already ended (a hedge that lost finished late): its reservation is gone, the cost still counts.
            owner.Settle(id, cost);
        }

        public void Dispose()
        {
            decimal charged;
            lock (_lock)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                charged = _charged;
            }

            owner.Settle(id, charged);
        }
    }
}
