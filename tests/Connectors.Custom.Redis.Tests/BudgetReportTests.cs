using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Redis.Tests;

/// <summary>An instance's allowance of a shared budget, against a real Redis: what it may hold, how its spend reaches
/// Redis (counted once even when an answer is lost, and not lost while Redis is down), and that an idle instance hands
/// its allowance back by itself.</summary>
public sealed class BudgetReportTests : FleetApplicationsTest
{
    [RedisFact]
    public async Task An_instance_holds_budget_for_its_call_and_sixteen_more_like_it()
    {
        // Ten cents a token: one token is $0.10, and sixteen more $1.60.
        var instance = Instance();
        using (await Gate(instance, limit: 10m).HoldAsync(1, CancellationToken.None))
        {
            Assert.Equal(Nano(0.1m + 1.6m), await FieldAsync("held", instance));
        }
    }

    [RedisFact]
    public async Task A_busy_instances_background_reports_top_its_allowance_up_rather_than_add_to_it()
    {
        // Each background report of an instance whose calls drew since the last one keeps what is left and adds only
        // what brings it back to sixteen calls ahead: the first report's $0.10 + $1.60, never more.
        var clock = new FakeTimeProvider();
        var instance = Instance(o => o.BudgetReportInterval = TimeSpan.FromSeconds(1), timeProvider: clock);
        var gate = (RedisBudgetGate)Gate(instance, limit: 1_000m);
        var held = new List<long>();
        for (var call = 0; call < 5; call++)
        {
            using (await gate.HoldAsync(1, CancellationToken.None))
            {
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await gate.ReportedAsync();
            held.Add(await FieldAsync("held", instance));
        }

        Assert.Equal(Enumerable.Repeat(Nano(1.7m), 5), held);

        // A report after calls stopped drawing hands it all back.
        clock.Advance(TimeSpan.FromSeconds(1));
        await gate.ReportedAsync();
        Assert.Equal(0, await FieldAsync("held", instance));
    }

    [RedisFact]
    public async Task An_instance_never_holds_more_than_a_quarter_of_what_its_call_leaves()
    {
        // With $1.00 left, the call's $0.10 and a quarter of the $0.90 beyond it, so other instances share the rest.
        var instance = Instance();
        using (await Gate(instance, limit: 1m).HoldAsync(1, CancellationToken.None))
        {
            Assert.Equal(Nano(0.1m + 0.225m), await FieldAsync("held", instance));
        }
    }

    [RedisFact]
    public async Task A_report_whose_answer_was_lost_is_counted_once_when_the_next_one_sends_the_same_total()
    {
        await using var proxy = ReplyHoldingProxy.Start(Redis);
        var instance = Instance(o => o.OperationTimeout = TimeSpan.FromMilliseconds(300), proxy.Configuration);
        var gate = Gate(instance, limit: 100m);
        var hold = await gate.HoldAsync(10, CancellationToken.None);
        hold.Charge(0.75m);
        hold.Dispose();

        // The report reaches Redis and is counted, but its answer is held past the operation timeout; the next report
        // (which releases the held answer) sends the same running total, and Redis must not add it again.
        proxy.HoldRepliesUntilMoreScripts(2);
        await ((RedisBudgetGate)gate).FlushAsync();
        await ((RedisBudgetGate)gate).FlushAsync();

        Assert.Equal(Nano(0.75m), await FieldAsync("spent", Instance()));
        Assert.Equal(0, await FieldAsync("held", Instance()));
    }

    [RedisFact]
    public async Task What_calls_spend_while_Redis_is_down_is_counted_once_it_is_back()
    {
        var instance = Instance();
        var gate = Gate(instance, limit: 100m);
        Redis.Kill();

        using (var hold = await gate.HoldAsync(10, CancellationToken.None))
        {
            hold.Charge(0.5m);
        }

        Redis.Restart();
        for (var tries = 0; !instance.Connection.IsConnected && tries < 200; tries++)
        {
            await Task.Delay(25);
        }

        await instance.FlushAsync();
        Assert.Equal(Nano(0.5m), await FieldAsync("spent", instance));
    }

    [RedisFact]
    public async Task A_disposed_gate_reports_its_spend_hands_back_its_allowance_and_leaves_no_fields_behind()
    {
        var instance = Instance();
        var gate = Gate(instance, limit: 100m);
        using (var hold = await gate.HoldAsync(10, CancellationToken.None))
        {
            hold.Charge(0.5m);
        }

        // A call still in flight when its service goes away holds nothing after it either.
        _ = await gate.HoldAsync(10, CancellationToken.None);
        Assert.True(await FieldAsync("held", instance) > 0);
        gate.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gate.HoldAsync(10, CancellationToken.None).AsTask());
        await instance.FlushAsync();

        var connection = instance.Connection;
        var key = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*:{budget}:service:*:none").Single();
        var fields = (await connection.GetDatabase().HashGetAllAsync(key)).ToDictionary(entry => entry.Name.ToString(), entry => (long)entry.Value);
        Assert.Equal(Nano(0.5m), fields["spent"]);
        Assert.Equal(0, fields["held"]);
        Assert.DoesNotContain(fields.Keys, name => name.StartsWith("h:", StringComparison.Ordinal) || name.StartsWith("c:", StringComparison.Ordinal));
    }

    [RedisFact]
    public async Task A_gate_disposed_while_a_report_is_on_its_way_sends_its_final_report_after_it()
    {
        await using var proxy = ReplyHoldingProxy.Start(Redis);
        var instance = Instance(o => o.OperationTimeout = TimeSpan.FromMilliseconds(300), proxy.Configuration);
        var gate = (RedisBudgetGate)Gate(instance, limit: 1_000m);
        using (var hold = await gate.HoldAsync(10, CancellationToken.None))
        {
            hold.Charge(0.5m);
        }

        // A call that does not fit in the allowance asks for more: Redis sets a hold for it, and a final report sent
        // beside that one could be overtaken by it, so the final one must wait for it (here: for its timeout, since
        // its answer is held until one more script goes out; the call then falls back to this process's budget).
        proxy.HoldRepliesUntilMoreScripts(2);
        var asking = gate.HoldAsync(1_000, CancellationToken.None);
        gate.Dispose();
        (await asking).Dispose();

        // The final report goes out through the proxy from a continuation of the timed-out report, on the thread pool:
        // nothing here can wait for it but Redis itself, polled (bounded) on another connection.
        var observer = Instance();
        for (var tries = 0; tries < 400 && await FieldAsync("held", observer) != 0; tries++)
        {
            await Task.Delay(25);
        }

        Assert.Equal((Nano(0.5m), 0L), (await FieldAsync("spent", observer), await FieldAsync("held", observer)));
    }

    [RedisFact]
    public async Task An_idle_instance_reports_its_spend_and_hands_back_its_allowance_by_its_own_timer()
    {
        var clock = new FakeTimeProvider();
        var instance = Instance(o => o.BudgetReportInterval = TimeSpan.FromSeconds(1), timeProvider: clock);
        var gate = (RedisBudgetGate)Gate(instance, limit: 100m);
        using (var hold = await gate.HoldAsync(10, CancellationToken.None))
        {
            hold.Charge(0.25m);
        }

        // No flush: the first background report counts the spend and, the call having drawn since the last report,
        // keeps what is left of the allowance ($1.00 + $16.00, less the $0.25 now spent); the next, with no call
        // since, hands it back.
        clock.Advance(TimeSpan.FromSeconds(1));
        await gate.ReportedAsync();
        Assert.Equal((Nano(0.25m), Nano(16.75m)), (await FieldAsync("spent", instance), await FieldAsync("held", instance)));

        clock.Advance(TimeSpan.FromSeconds(1));
        await gate.ReportedAsync();
        Assert.Equal((Nano(0.25m), 0L), (await FieldAsync("spent", instance), await FieldAsync("held", instance)));
    }
}
