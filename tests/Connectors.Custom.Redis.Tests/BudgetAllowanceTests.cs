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
        Assert.Null(allowance.TryDraw(10, now: 0));

        var first = Granted(allowance, grant: 25, admitted: 10, now: 0);
        var second = allowance.TryDraw(10, now: 1);
        Assert.NotNull(second);
        Assert.Null(allowance.TryDraw(10, now: 2));

        // The first call cost 4 of its 10: 10 in flight + 4 spent and not yet reported leave room for one more 10.
        first.Charge(0.000000004m);
        first.Dispose();
        Assert.NotNull(allowance.TryDraw(10, now: 3));
        Assert.Null(allowance.TryDraw(2, now: 4));
        Assert.NotNull(allowance.TryDraw(1, now: 5));
    }

    [Fact]
    public void Nothing_is_drawn_once_the_hold_may_have_expired_or_a_report_went_unanswered()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        Granted(allowance, grant: 100, admitted: 1, now: 0);
        Assert.NotNull(allowance.TryDraw(1, now: Validity - 1));
        Assert.Null(allowance.TryDraw(1, now: Validity));

        Granted(allowance, grant: 100, admitted: null, now: Validity);
        Assert.NotNull(allowance.TryDraw(1, now: Validity + 1));
        Assert.True(allowance.TryStartReport(Validity + 2, out var lost, out _));
        allowance.Complete(lost, grant: null, admitted: null);

        // Redis may or may not hold what it granted: nothing more is drawn until a report is answered.
        Assert.Null(allowance.TryDraw(1, now: Validity + 3));
    }

    [Fact]
    public void A_report_carries_the_running_spend_and_the_estimates_in_flight_and_one_goes_out_at_a_time()
    {
        var somethingToReport = 0;
        var allowance = new BudgetAllowance(Lease, Validity, () => somethingToReport++);
        var ended = Granted(allowance, grant: 100, admitted: 20, now: 0);
        _ = allowance.TryDraw(30, now: 1);
        ended.Charge(0.000000007m);
        ended.Dispose();
        ended.Charge(0.000000002m);
        Assert.Equal(2, somethingToReport);

        Assert.True(allowance.TryStartReport(2, out var report, out _));
        Assert.Equal((9, 0, 30, true), (report.Total, report.Confirmed, report.Keep, report.Used));
        Assert.False(allowance.TryStartReport(3, out _, out var inFlight));
        Assert.False(inFlight!.IsCompleted);

        allowance.Complete(report, grant: 30, admitted: null);
        Assert.True(inFlight.IsCompletedSuccessfully);
        Assert.True(allowance.TryStartReport(4, out var next, out _));
        Assert.Equal((9, 9, 30, false), (next.Total, next.Confirmed, next.Keep, next.Used));
    }

    [Fact]
    public void A_call_in_flight_longer_than_the_lease_stops_being_kept_and_its_late_end_adds_only_its_spend()
    {
        var allowance = new BudgetAllowance(Lease, Validity, static () => { });
        var abandoned = Granted(allowance, grant: 10, admitted: 10, now: 0);

        Assert.True(allowance.TryStartReport(Lease, out var report, out _));
        Assert.Equal(0, report.Keep);
        allowance.Complete(report, grant: 10, admitted: null);

        abandoned.Charge(0.000000003m);
        abandoned.Dispose();
        Assert.True(allowance.TryStartReport(Lease + 1, out var next, out _));
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

    /// <summary>Sends a report from <paramref name="allowance"/> and answers it with <paramref name="grant"/>.</summary>
    private static IBudgetHold Granted(BudgetAllowance allowance, long grant, long? admitted, long now)
    {
        Assert.True(allowance.TryStartReport(now, out var request, out _));
        var hold = allowance.Complete(request, grant, admitted);
        Assert.Equal(admitted is not null, hold is not null);
        return hold!;
    }
}
