using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// One service's budgets, shared by every instance through Redis. Each instance holds an allowance in Redis: budget
/// reserved for its calls in flight and, while budget remains, for the next few calls like them. A call whose estimate
/// fits in the allowance goes out without a round trip; one that does not asks Redis in one script run, which also
/// reports what this instance's calls spent. Reports also go out in the background at most
/// <see cref="CustomRedisOptions.BudgetReportInterval"/> after a call ends, handing back what is held for calls that
/// did not come. Every hold expires after <see cref="CustomRedisOptions.ConcurrencyLeaseTime"/> unless reported again,
/// so an instance that crashes gives its allowance back. While Redis cannot be reached the failure policy decides:
/// <see cref="CustomRedisFailurePolicy.FailOpen"/> checks this process's own spend, as without fleet mode, and what
/// calls spend meanwhile is reported when Redis answers again.
/// </summary>
/// <remarks>What is held is still spend plus every reservation within the limit, so a burst cannot overspend by more
/// than calls in flight cost beyond their estimates. An instance holds at most a quarter of what its budgets have left
/// beyond its calls in flight, so instances share what remains, and near the limit each call reserves only its own
/// estimate.</remarks>
internal sealed class RedisBudgetGate : IBudgetGate
{
    /// <summary>How many calls like the last one that asked (its estimate, or what calls recently cost if more) an
    /// allowance holds budget for beyond the calls in flight.</summary>
    private const int CallsAhead = 16;

    private readonly IDatabase _database;
    private readonly BudgetKeys _keys;
    private readonly FleetHealth _health;
    private readonly CustomRedisOptions _options;
    private readonly FleetBudget _budget;
    private readonly LocalBudgetGate _local;
    private readonly TimeProvider _timeProvider;
    private readonly BudgetAllowance _allowance;
    private readonly ITimer _reportTimer;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly long _holdMilliseconds;
    private readonly long _keepMilliseconds;
    private long _lastAskingEstimate;
    private int _reportScheduled;
    private int _disposed;

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

        // The allowance is drawn from only while its hold surely stands in Redis: the lease time counted from when the
        // report was sent, less the longest a report may take to arrive.
        var lease = options.ConcurrencyLeaseTime;
        var valid = lease - options.OperationTimeout > lease / 2 ? lease - options.OperationTimeout : lease / 2;
        _allowance = new BudgetAllowance(Ticks(lease), Ticks(valid), ScheduleReport);
        _reportTimer = timeProvider.CreateTimer(static state => ((RedisBudgetGate)state!).ReportInBackground(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        long Ticks(TimeSpan span) => (long)(span.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>Gets or sets how far this gate's budget clock is moved from Redis's (tests only: a period boundary
    /// cannot be waited for).</summary>
    internal long ClockOffset { get; set; }

    /// <inheritdoc />
    public ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IBudgetHold>(cancellationToken);
        }

        // Redis has forgotten this instance with its final report: anything reported after it would be counted twice.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var estimate = Nano.FromDollars(Math.Max(estimatedTokens, 0) * _budget.RatePerToken, MidpointRounding.ToPositiveInfinity);
        if (_allowance.TryDraw(estimate, _timeProvider.GetTimestamp(), out var refill) is { } hold)
        {
            FleetInstruments.Budget(null, "reserved");
            if (refill)
            {
                Refill();
            }

            return new ValueTask<IBudgetHold>(hold);
        }

        return AskAsync(estimate, cancellationToken);
    }

    /// <summary>Sends what this instance spent and hands back what it holds beyond its calls in flight, and waits for
    /// Redis to answer (tests: Redis then shows everything this instance spent).</summary>
    internal async Task FlushAsync()
    {
        // After the final report Redis has forgotten this instance: another report would count its spend again.
        if (Volatile.Read(ref _disposed) != 0 || !_allowance.HasSomethingToReport)
        {
            return;
        }

        BudgetAllowance.ReportRequest request;
        Task? inFlight;
        while (!_allowance.TryStartReport(_timeProvider.GetTimestamp(), keepWhatIsLeft: false, out request, out inFlight))
        {
            await inFlight!.ConfigureAwait(false);
        }

        await ReportAsync(request, need: null, extra: 0, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Waits for the report on its way, if any (tests: a background report's effect is then in Redis).</summary>
    internal Task ReportedAsync() => _allowance.Reporting;

    /// <summary>Hands back this instance's hold and reports what it spent, without waiting: the service is gone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reportTimer.Dispose();
        SendFinalReport();
    }

    /// <summary>The last report, once any report in flight has answered (that one would set a hold again).</summary>
    private void SendFinalReport()
    {
        if (!_health.ShouldTry)
        {
            // The holds expire by themselves.
            return;
        }

        if (_allowance.TryStartReport(_timeProvider.GetTimestamp(), keepWhatIsLeft: false, out var request, out var inFlight))
        {
            FleetCommands.Send(_database, BudgetScripts.Report, _keys.Keys, Arguments(request, need: null, extra: 0, final: true));
            _allowance.Complete(request, grant: null, admitted: null);
            return;
        }

        inFlight!.ContinueWith(static (_, state) => ((RedisBudgetGate)state!).SendFinalReport(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A call that could not draw from the allowance: waits for the report in flight, if any, and tries again;
    /// otherwise sends the report that asks for it.</summary>
    private async ValueTask<IBudgetHold> AskAsync(long estimate, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_allowance.TryDraw(estimate, _timeProvider.GetTimestamp(), out var refill) is { } drawn)
            {
                FleetInstruments.Budget(null, "reserved");
                if (refill)
                {
                    Refill();
                }

                return drawn;
            }

            if (!_allowance.TryStartReport(_timeProvider.GetTimestamp(), keepWhatIsLeft: true, out var request, out var inFlight))
            {
                await inFlight!.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!_health.ShouldTry)
            {
                _allowance.Complete(request, grant: null, admitted: null);
                return FallBack(null);
            }

            Volatile.Write(ref _lastAskingEstimate, estimate);
            var (hold, answer, error) = await ReportAsync(request, estimate, TopUp(request), cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                return FallBack(error);
            }

            var exceeded = (int)(long)answer[1];
            if (exceeded > 0)
            {
                var (scope, limit) = _keys.Scopes[exceeded - 1];
                var committed = Nano.ToDollars((long)answer[2] + (long)answer[3]);
                var warnOnly = _budget.Options.OnExceeded == BudgetAction.Warn;
                FleetInstruments.Budget(scope, warnOnly ? "warned" : "refused");

                // Refuses (nothing was reserved) or warns once (the reservation was made), as OnExceeded says.
                _local.Exceeded(scope, limit, committed);
            }
            else
            {
                FleetInstruments.Budget(null, "reserved");
            }

            // A refused call threw above; a budget that only warns admitted it.
            return hold!;
        }
    }

    /// <summary>Sends one report and records its answer.</summary>
    /// <param name="request">The report.</param>
    /// <param name="need">The estimate of the call asking, or null for a report no call waits on.</param>
    /// <param name="extra">What to hold for calls to come.</param>
    /// <param name="cancellationToken">The asking call's token.</param>
    /// <returns>The asking call's hold if it was admitted, Redis's answer, and why there is none (Redis did not answer:
    /// coordination counts as failed, and the caller falls back).</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    private async Task<(IBudgetHold? Hold, RedisResult[]? Answer, Exception? Error)> ReportAsync(BudgetAllowance.ReportRequest request, long? need, long extra, CancellationToken cancellationToken)
    {
        RedisResult[] answer;
        try
        {
            answer = await FleetCommands.EvaluateAsync(_database, BudgetScripts.Report, _keys.Keys, Arguments(request, need, extra, final: false), _options, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FleetCommands.IsUnanswered(ex))
        {
            // The report may have been counted even though its answer never came: the next one sends the same running
            // total, which Redis counts only once.
            _allowance.Complete(request, grant: null, admitted: null);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            _health.Failed(ex);
            return (null, null, ex);
        }

        _health.Succeeded();
        var admitted = (long)answer[0] == 1;
        var hold = _allowance.Complete(request, (long)answer[4], admitted ? need : null);
        return (hold, answer, null);
    }

    /// <summary>What a report asks for beyond what it keeps, so that calls to come have budget for
    /// <see cref="CallsAhead"/> calls in all: what is left already counts, or a busy instance's allowance would grow with
    /// every report.</summary>
    private long TopUp(in BudgetAllowance.ReportRequest request) =>
        Math.Max(0, CallsAhead * Math.Max(Volatile.Read(ref _lastAskingEstimate), _allowance.TypicalCost) - request.Left);

    private RedisValue[] Arguments(in BudgetAllowance.ReportRequest request, long? need, long extra, bool final)
    {
        var values = new RedisValue[12 + _keys.Limits.Length];
        values[0] = ClockOffset;
        values[1] = (int)_budget.Options.Period;
        values[2] = _holdMilliseconds;
        values[3] = _instance;
        values[4] = request.Total;
        values[5] = request.Confirmed;
        values[6] = request.Keep;
        values[7] = need ?? -1;
        values[8] = extra;
        values[9] = _budget.Options.OnExceeded == BudgetAction.Warn ? 1 : 0;
        values[10] = _keepMilliseconds;
        values[11] = final ? 1 : 0;
        _keys.Limits.CopyTo(values, 12);
        return values;
    }

    private IBudgetHold FallBack(Exception? error)
    {
        FleetInstruments.DegradedCall(_budget.Primary.Address, _options.FailurePolicy);
        if (_options.FailurePolicy == CustomRedisFailurePolicy.FailClosed)
        {
            throw new CustomCoordinationUnavailableException(_budget.Primary.Address, error);
        }

        _local.Check();
        return _allowance.Unreserved();
    }

    /// <summary>Arms the background report, once, when there is something to tell Redis.</summary>
    private void ScheduleReport()
    {
        if (Volatile.Read(ref _reportScheduled) == 0 && Volatile.Read(ref _disposed) == 0 && _allowance.HasSomethingToReport && Interlocked.Exchange(ref _reportScheduled, 1) == 0)
        {
            _reportTimer.Change(_options.BudgetReportInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The background report: sends what calls spent and keeps budget for more only if calls drew since the
    /// last report, so an idle instance hands its allowance back.</summary>
    private void ReportInBackground()
    {
        Volatile.Write(ref _reportScheduled, 0);
        if (Volatile.Read(ref _disposed) != 0 || !_health.ShouldTry)
        {
            ScheduleReport();
            return;
        }

        if (!_allowance.TryStartReport(_timeProvider.GetTimestamp(), keepWhatIsLeft: true, out var request, out _))
        {
            // A call's report is in flight, and schedules the next one when it ends.
            return;
        }

        _ = ReportInBackgroundAsync(request, request.Used ? TopUp(request) : 0);
    }

    /// <summary>Asks for more before calls run out: what is left of the allowance fell below half of what the last report
    /// added. Calls go on drawing from what is left while the refill is on its way.</summary>
    private void Refill()
    {
        if (Volatile.Read(ref _disposed) == 0 && _health.ShouldTry && _allowance.TryStartReport(_timeProvider.GetTimestamp(), keepWhatIsLeft: true, out var request, out _))
        {
            _ = ReportInBackgroundAsync(request, TopUp(request));
        }
    }

    private async Task ReportInBackgroundAsync(BudgetAllowance.ReportRequest request, long extra)
    {
        try
        {
            await ReportAsync(request, need: null, extra, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The application closed the connection while the report was on its way; its holds expire by themselves.
        }
    }
}
