namespace Connectors.Custom.Redis.Tests;

/// <summary>The accounting of an instance's share of a shared budget, with no Redis: what a call may draw without a
/// round trip, what a report carries, and what stops counting. Amounts are nano-dollars; time is in timestamp ticks,
/// passed in.</summary>
public sealed class BudgetAllowanceTests
{
    private const long Lease = 1_000;
    private const long Validity = 500;

    [Fact]
    public void A_call_draws_from_what_is_held_until_its_estimate_and_the_unreported_spend_no_longer_fit()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        Assert.Null(allowance.TryDraw(10, now: 0, out _));

        var first = Granted(allowance, grant: 25, admitted: 10, now: 0);
        var second = allowance.TryDraw(10, now: 1, out _);
        Assert.NotNull(second);
        Assert.Null(allowance.TryDraw(10, now: 2, out _));

        // The first call cost 4 of its 10: 10 in flight + 4 spent and not yet reported leave room for one more 10.
        first.Charge(0.000000004m);
        first.Dispose();
        Assert.NotNull(allowance.TryDraw(10, now: 3, out _));
        Assert.Null(allowance.TryDraw(2, now: 4, out _));
        Assert.NotNull(allowance.TryDraw(1, now: 5, out _));
    }

    [Fact]
    public void Nothing_is_drawn_once_the_hold_may_have_expired_or_a_report_went_unanswered()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        Granted(allowance, grant: 100, admitted: 1, now: 0);
        Assert.NotNull(allowance.TryDraw(1, now: Validity - 1, out _));
        Assert.Null(allowance.TryDraw(1, now: Validity, out _));

        Granted(allowance, grant: 100, admitted: null, now: Validity);
        Assert.NotNull(allowance.TryDraw(1, now: Validity + 1, out _));
        Assert.True(allowance.TryStartReport(Validity + 2, keepWhatIsLeft: false, out var lost, out _));
        allowance.Complete(lost, grant: null, admitted: null);

        // Redis may or may not hold what it granted: nothing more is drawn until a report is answered.
        Assert.Null(allowance.TryDraw(1, now: Validity + 3, out _));
    }

    [Fact]
    public void A_report_carries_the_running_spend_and_the_estimates_in_flight_and_one_goes_out_at_a_time()
    {
        var somethingToReport = 0;
        var allowance = new BudgetAllowance(Lease, Validity, () => somethingToReport++);
        var ended = Granted(allowance, grant: 100, admitted: 20, now: 0);
        Assert.Equal(1, somethingToReport);
        somethingToReport = 0;
        _ = allowance.TryDraw(30, now: 1, out _);
        ended.Charge(0.000000007m);
        ended.Dispose();
        ended.Charge(0.000000002m);
        Assert.Equal(2, somethingToReport);

        Assert.True(allowance.TryStartReport(2, keepWhatIsLeft: false, out var report, out _));
        Assert.Equal((9, 0, 30, true), (report.Total, report.Confirmed, report.Keep, report.Used));
        Assert.False(allowance.TryStartReport(3, keepWhatIsLeft: false, out _, out var inFlight));
        Assert.False(inFlight!.IsCompleted);

        allowance.Complete(report, grant: 30, admitted: null);
        Assert.True(inFlight.IsCompletedSuccessfully);
        Assert.True(allowance.TryStartReport(4, keepWhatIsLeft: false, out var next, out _));
        Assert.Equal((9, 9, 30, false), (next.Total, next.Confirmed, next.Keep, next.Used));
    }

    [Fact]
    public void A_call_in_flight_longer_than_the_lease_stops_being_kept_and_its_late_end_adds_only_its_spend()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        var abandoned = Granted(allowance, grant: 10, admitted: 10, now: 0);

        Assert.True(allowance.TryStartReport(Lease, keepWhatIsLeft: false, out var report, out _));
        Assert.Equal(0, report.Keep);
        allowance.Complete(report, grant: 10, admitted: null);

        abandoned.Charge(0.000000003m);
        abandoned.Dispose();
        Assert.True(allowance.TryStartReport(Lease + 1, keepWhatIsLeft: false, out var next, out _));
        Assert.Equal((3, 0), (next.Total, next.Keep));
    }

    [Fact]
    public void What_calls_typically_cost_follows_what_they_spent_not_what_they_were_estimated_at()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        for (var call = 0; call < 40; call++)
        {
            var hold = Granted(allowance, grant: 1_000, admitted: 10, now: call);
            hold.Charge(0.00000008m);
            hold.Dispose();
        }

        Assert.InRange(allowance.TypicalCost, 70, 80);
    }

    [Fact]
    public void Once_what_is_left_falls_below_half_of_what_the_last_report_added_one_draw_asks_for_a_refill()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });

        // The report admitted a 10 and added 80 for calls to come: a refill is due once less than 40 is left.
        Granted(allowance, grant: 90, admitted: 10, now: 0);
        var refills = new List<bool>();
        for (var call = 0; call < 6; call++)
        {
            Assert.NotNull(allowance.TryDraw(10, now: 1, out var refill));
            refills.Add(refill);
        }

        Assert.Equal([false, false, false, false, true, true], refills);

        // Not while one is on its way.
        Assert.True(allowance.TryStartReport(2, keepWhatIsLeft: true, out _, out _));
        Assert.NotNull(allowance.TryDraw(10, now: 3, out var duringReport));
        Assert.False(duringReport);
    }

    [Fact]
    public void While_a_refill_is_on_its_way_calls_draw_only_what_it_keeps_for_them()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        Granted(allowance, grant: 50, admitted: 10, now: 0);
        _ = allowance.TryDraw(10, now: 1, out _);

        // 20 in flight, 30 left: the refill keeps all 50, and calls may draw the 30 while it is on its way.
        Assert.True(allowance.TryStartReport(2, keepWhatIsLeft: true, out var refill, out _));
        Assert.Equal(50, refill.Keep);
        Assert.NotNull(allowance.TryDraw(10, now: 3, out _));
        Assert.NotNull(allowance.TryDraw(20, now: 3, out _));
        Assert.Null(allowance.TryDraw(1, now: 3, out _));

        // The answer holds what was kept and 40 more.
        allowance.Complete(refill, grant: 90, admitted: null);
        Assert.NotNull(allowance.TryDraw(40, now: 4, out _));
        Assert.Null(allowance.TryDraw(1, now: 4, out _));
    }

    [Fact]
    public void A_report_of_an_instance_no_call_drew_from_since_the_last_one_keeps_only_the_calls_in_flight()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });

        // The call the first report admitted drew: the next report keeps what is left; the one after, nothing drew.
        Granted(allowance, grant: 50, admitted: 10, now: 0);
        Assert.True(allowance.TryStartReport(1, keepWhatIsLeft: true, out var busy, out _));
        Assert.Equal(50, busy.Keep);
        allowance.Complete(busy, grant: 50, admitted: null);

        Assert.True(allowance.TryStartReport(2, keepWhatIsLeft: true, out var idle, out _));
        Assert.Equal(10, idle.Keep);
        allowance.Complete(idle, grant: 10, admitted: null);
        Assert.Null(allowance.TryDraw(1, now: 3, out _));
    }

    /// <summary>Sends a report from <paramref name="allowance"/> and answers it with <paramref name="grant"/>.</summary>
    private static IBudgetHold Granted(BudgetAllowance allowance, long grant, long? admitted, long now)
    {
        Assert.True(allowance.TryStartReport(now, keepWhatIsLeft: false, out var request, out _));
        var hold = allowance.Complete(request, grant, admitted);
        Assert.Equal(admitted is not null, hold is not null);
        return hold!;
    }
}
