using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom.Redis;

/// <summary>
/// What one instance holds of its service's shared budgets and what its calls drew from it, in nano-dollars. A call
/// whose estimate fits in what is held is let through here, with no round trip to Redis; otherwise one report at a
/// time asks Redis for more (<see cref="BudgetScripts.Report"/>), and the calls that could not draw wait for it. Once
/// what is left falls below half of what the last report added, the draw that saw it asks for a refill, sent in the
/// background while calls go on drawing from what is left. The one owner of this accounting;
/// <see cref="RedisBudgetGate"/> does the talking to Redis. Thread-safe.
/// </summary>
/// <remarks>Invariant: what calls in flight were estimated at plus what ended calls spent and Redis has not yet counted
/// never exceeds what is held, unless a call cost more than its estimate (then nothing more is drawn until a report).
/// A call in flight for longer than the hold's lease time is dropped from what is kept, as its reservation would have
/// expired in Redis, so a hold never disposed (a stream abandoned unread) cannot keep budget for good. While a report is
/// on its way, calls draw only from what it asked Redis to keep for them (what was left when it was sent): the answer
/// replaces the whole hold, and must still cover them.</remarks>
internal sealed class BudgetAllowance(long leaseTicks, long validityTicks, Action somethingToReport)
{
    private readonly object _lock = new();
    private readonly HashSet<Hold> _live = [];
    private long _granted;
    private long _validUntil;
    private long _inFlight;
    private long _spent;
    private long _confirmed;
    private long _typicalCost;
    private long _lowWater;
    private long _drawableWhileReporting;
    private bool _used;
    private Task? _reporting;

    /// <summary>Gets whether Redis has something of this instance's to be told: spend it has not counted, or a hold.</summary>
    public bool HasSomethingToReport
    {
        get
        {
            lock (_lock)
            {
                return _granted > 0 || _spent > _confirmed;
            }
        }
    }

    /// <summary>Gets what a call has recently cost, a running average: calls may cost more than they were estimated at
    /// (a request that sets no output limit is estimated at its input), and what is held for calls to come must cover
    /// what they will spend, or every call would need a report.</summary>
    public long TypicalCost
    {
        get
        {
            lock (_lock)
            {
                return _typicalCost;
            }
        }
    }

    /// <summary>Lets a call through if its estimate fits in what is held and the hold is still valid.</summary>
    /// <param name="estimate">The call's estimate.</param>
    /// <param name="now">The current timestamp.</param>
    /// <param name="refill">Whether what is left is now low enough to ask for more, with no report on its way.</param>
    /// <returns>The call's hold, or null when a report must ask Redis first.</returns>
    public IBudgetHold? TryDraw(long estimate, long now, out bool refill)
    {
        lock (_lock)
        {
            refill = false;
            var left = _granted - _inFlight - (_spent - _confirmed) - estimate;
            if (now >= _validUntil || left < 0)
            {
                return null;
            }

            if (_reporting is not null)
            {
                if (estimate > _drawableWhileReporting)
                {
                    return null;
                }

                _drawableWhileReporting -= estimate;
            }
            else
            {
                refill = left < _lowWater;
            }

            _used = true;
            return Draw(estimate, now);
        }
    }

    /// <summary>Gets the report on its way, or a completed task when there is none (tests wait for a background report
    /// with it).</summary>
    public Task Reporting
    {
        get
        {
            lock (_lock)
            {
                return _reporting ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>Starts the one report in flight, or says which report to wait for.</summary>
    /// <param name="now">The current timestamp: calls in flight for longer than the lease time are dropped first.</param>
    /// <param name="keepWhatIsLeft">Whether the report keeps what is left of the hold (if calls drew since the last
    /// report), for calls to draw from while it is on its way; otherwise it keeps only the calls in flight and hands
    /// back the rest, unless it asks for more.</param>
    /// <param name="request">The report to send, when this caller is to send it.</param>
    /// <param name="inFlight">The report already in flight (it never fails), when another caller sends it.</param>
    /// <returns>Whether this caller sends the report; it must then call <see cref="Complete"/> exactly once.</returns>
    public bool TryStartReport(long now, bool keepWhatIsLeft, out ReportRequest request, out Task? inFlight)
    {
        lock (_lock)
        {
            if (_reporting is not null)
            {
                (request, inFlight) = (default, _reporting);
                return false;
            }

            _live.RemoveWhere(hold =>
            {
                if (now - hold.Started < leaseTicks)
                {
                    return false;
                }

                _inFlight -= hold.Estimate;
                hold.Expired = true;
                return true;
            });

            // What is left was held before this report and stays held through it: keeping it commits nothing new.
            _drawableWhileReporting = keepWhatIsLeft && _used && now < _validUntil ? Math.Max(0, _granted - _inFlight - (_spent - _confirmed)) : 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reporting = done.Task;
            request = new ReportRequest(_spent, _confirmed, _inFlight, _drawableWhileReporting, _used, now, done);
            _used = false;
            inFlight = null;
            return true;
        }
    }

    /// <summary>Records Redis's answer to a report and, when it admitted the call that asked, that call's hold.</summary>
    /// <param name="request">The report sent.</param>
    /// <param name="grant">What Redis now holds for this instance; null when the answer never came (the report may or
    /// may not have been counted: nothing more is drawn until one answers, and the spend goes out again).</param>
    /// <param name="admitted">The estimate of the call admitted with this report, or null for none.</param>
    /// <returns>The admitted call's hold, or null.</returns>
    public IBudgetHold? Complete(in ReportRequest request, long? grant, long? admitted)
    {
        IBudgetHold? hold = null;
        lock (_lock)
        {
            _reporting = null;
            _drawableWhileReporting = 0;
            if (grant is { } granted)
            {
                _granted = granted;
                _validUntil = request.Sent + validityTicks;
                _confirmed = Math.Max(_confirmed, request.Total);
                // Half of what the answer left for calls to come (what was kept for them while it was on its way,
                // and what it added).
                _lowWater = Math.Max(0, granted - request.InFlight - (admitted ?? 0)) / 2;
                if (admitted is { } estimate)
                {
                    _used = true;
                    hold = Draw(estimate, request.Sent);
                }
            }
            else
            {
                _granted = 0;
                _lowWater = 0;
            }
        }

        // The next report is scheduled before anyone waiting for this one goes on.
        somethingToReport();
        request.Done.SetResult();
        return hold;
    }

    /// <summary>Gives a hold for a call let through without Redis (coordination degraded, failing open): nothing is
    /// drawn, and what it spends is reported once Redis answers again.</summary>
    public IBudgetHold Unreserved() => new Hold(this, 0, 0);

    private Hold Draw(long estimate, long now)
    {
        var hold = new Hold(this, estimate, now);
        _inFlight += estimate;
        _live.Add(hold);
        return hold;
    }

    private void End(Hold hold, long spent)
    {
        lock (_lock)
        {
            if (!hold.Expired && _live.Remove(hold))
            {
                _inFlight -= hold.Estimate;
                _typicalCost += (spent - _typicalCost) / 8;
            }

            _spent += spent;
        }

        somethingToReport();
    }

    /// <summary>One report: the spend total sent, the total Redis last confirmed, the estimates of the calls in flight,
    /// what is left for calls drawing while it is on its way, and whether calls drew since the last report (then the
    /// report keeps budget for more).</summary>
    public readonly record struct ReportRequest(long Total, long Confirmed, long InFlight, long Left, bool Used, long Sent, TaskCompletionSource Done)
    {
        /// <summary>Gets what the report keeps holding whatever Redis answers: it was held already.</summary>
        public long Keep => InFlight + Left;
    }

    /// <summary>One call's share of the allowance; its attempts' charges add up here and are counted when it ends.</summary>
    private sealed class Hold(BudgetAllowance owner, long estimate, long started) : IBudgetHold
    {
        private decimal _charged;
        private int _ended;

        public long Estimate => estimate;

        public long Started => started;

        /// <summary>Gets or sets whether the call outlived the lease time and no longer counts as in flight (under the
        /// allowance's lock).</summary>
        public bool Expired { get; set; }

        public void Charge(decimal cost)
        {
            if (Volatile.Read(ref _ended) == 0)
            {
                lock (this)
                {
                    if (_ended == 0)
                    {
                        _charged += cost;
                        return;
                    }
                }
            }

            // The call already ended (a hedge that lost finished late): the cost still counts.
            owner.End(this, Nano.FromDollars(cost, MidpointRounding.AwayFromZero));
        }

        public void Dispose()
        {
            decimal charged;
            lock (this)
            {
                if (_ended == 1)
                {
                    return;
                }

                _ended = 1;
                charged = _charged;
            }

            owner.End(this, Nano.FromDollars(charged, MidpointRounding.AwayFromZero));
        }
    }
}
