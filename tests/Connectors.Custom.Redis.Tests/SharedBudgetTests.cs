using Connectors.Custom.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>Budgets shared through a real Redis: the estimate is reserved before a call and settled after it, so a
/// burst cannot overspend beyond the estimates in flight; reservations end with the call or expire; periods follow
/// Redis's clock; counters start once.</summary>
public sealed class SharedBudgetTests : FleetApplicationsTest
{
    // Ten cents a token: the provider's answer (10 input + 5 output tokens) costs $1.50; a call allowing 20 output
    // tokens for "hi" is estimated at 21 tokens, $2.10 (it never costs more than its estimate).
    private static readonly ModelPrice Price = new() { InputPerMillion = 100_000m, OutputPerMillion = 100_000m };
    private const decimal CallCost = 1.5m;


    [RedisFact]
    public async Task A_burst_of_concurrent_calls_in_one_process_cannot_overspend_beyond_the_estimates_in_flight()
    {
        var (client, tracker) = Application(limit: 15m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => CallAsync(client)));

        var sent = outcomes.Count(admitted => admitted);
        Assert.Equal(sent, Provider.Requests);
        Assert.True(tracker.GetSpent() <= 15m, $"{sent} calls spent {tracker.GetSpent()}");

        // Seven estimates fit at once; calls that settled early free room for at most two more.
        Assert.InRange(sent, 7, 9);
        await FlushAsync();
        Assert.Equal(Nano(sent * CallCost), await FieldAsync("spent"));
        Assert.Equal(0, await FieldAsync("held"));
    }

    [RedisFact]
    public async Task A_metered_call_spends_its_price_from_the_shared_budget_not_only_a_token_priced_one()
    {
        // A reranker priced per search unit (one per 100 documents): its cost is no token count, and the shared
        // budget must still be charged with it, or a fleet of rerankers would never see its budget spent.
        await using var server = await LocalOpenAIServer.StartAsync();
        var services = new ServiceCollection();
        AddCoordination(services, keyPrefix: "test");
        var options = new CustomRerankerOptions { ModelId = "local-rerank", Endpoint = server.BaseAddress, EnableTelemetry = false, Price = new ModelPrice { PerSearchUnit = 2m } };
        options.Budget.ServiceLimit = 10m;
        services.AddCustomReranker(options, serviceId: "shared");
        var reranker = Build(services).GetRequiredKeyedService<IReranker>("shared");

        var first = await reranker.RerankAsync("solar power", ["wind farms", "solar power", "coal"]);
        var second = await reranker.RerankAsync("solar power", ["wind farms", "solar power", "coal"]);
        await FlushAsync();

        Assert.Equal((2m, 2m), (first.Cost, second.Cost));
        Assert.Equal(Nano(4m), await FieldAsync("spent"));
        Assert.Equal(0, await FieldAsync("held"));
    }

    [RedisFact]
    public async Task Two_applications_share_one_budget_and_what_one_spent_refuses_the_other()
    {
        var (first, _) = Application(limit: 5m);
        var (second, _) = Application(limit: 5m);

        await first.GetResponseAsync("hi", Allowing20());
        await first.GetResponseAsync("hi", Allowing20());
        await FlushAsync();

        // $3.00 spent: another $2.10 estimate would pass $5.00.
        var refused = await Assert.ThrowsAsync<CustomBudgetExceededException>(() => second.GetResponseAsync("hi", Allowing20()));
        Assert.Equal("shared", refused.Scope);
        Assert.Equal(5m, refused.Limit);
        Assert.Equal(3m, refused.Spent);
        Assert.Equal(2, Provider.Requests);
    }

    [RedisFact]
    public async Task A_failed_call_releases_its_reservation_and_spends_nothing()
    {
        Provider.Answer = _ => (500, null);
        var (client, _) = Application(limit: 5m);

        await Assert.ThrowsAnyAsync<CustomEndpointException>(() => client.GetResponseAsync("hi", Allowing20()));
        await FlushAsync();

        Assert.Equal(0, await FieldAsync("held"));
        Assert.Equal(0, await FieldAsync("spent"));
    }

    [RedisFact]
    public async Task A_cancelled_reservation_is_withdrawn_and_a_disposed_one_is_released()
    {
        var instance = Instance();
        var gate = Gate(instance, limit: 10m);

        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.HoldAsync(10, cancelled.Token).AsTask());
        }

        var hold = await gate.HoldAsync(10, CancellationToken.None);
        await instance.FlushAsync();
        Assert.Equal(Nano(1m), await FieldAsync("held", instance));
        hold.Dispose();
        await instance.FlushAsync();

        Assert.Equal(0, await FieldAsync("held", instance));
        Assert.Equal(0, await FieldAsync("spent", instance));
    }

    [RedisFact]
    public async Task The_reservations_of_a_crashed_instance_expire()
    {
        var crashed = Instance(o => o.ConcurrencyLeaseTime = TimeSpan.FromMilliseconds(300));
        var other = Gate(Instance(), limit: 10m);
        _ = await Gate(crashed, limit: 10m).HoldAsync(80, CancellationToken.None);

        // $8.00 is held by an instance that never settles: another $8.00 does not fit until the hold expires.
        await Assert.ThrowsAsync<CustomBudgetExceededException>(() => other.HoldAsync(80, CancellationToken.None).AsTask());
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var hold = await other.HoldAsync(80, CancellationToken.None);
                break;
            }
            catch (CustomBudgetExceededException) when (tries < 200)
            {
                await Task.Delay(25);
            }
        }
    }

    [RedisFact]
    public async Task Charges_settle_the_actual_cost_and_a_late_charge_still_counts()
    {
        var instance = Instance();
        var gate = Gate(instance, limit: 100m);

        var hold = await gate.HoldAsync(50, CancellationToken.None);
        hold.Charge(1.25m);
        hold.Charge(0.5m);
        hold.Dispose();
        hold.Charge(0.25m);
        await instance.FlushAsync();

        Assert.Equal(Nano(2m), await FieldAsync("spent", instance));
        Assert.Equal(0, await FieldAsync("held", instance));
    }

    [RedisFact]
    public async Task A_new_instance_never_reseeds_a_counter_and_a_new_day_starts_it_once()
    {
        var today = Instance();
        var hold = await Gate(today, limit: 5m, BudgetPeriod.Day).HoldAsync(10, CancellationToken.None);
        hold.Charge(4m);
        hold.Dispose();
        await today.FlushAsync();

        // An instance that starts later reads the $4.00 spent today: nothing re-adds or resets it.
        await Assert.ThrowsAsync<CustomBudgetExceededException>(() => Gate(Instance(), limit: 5m, BudgetPeriod.Day).HoldAsync(20, CancellationToken.None).AsTask());

        // Tomorrow (by Redis's clock, moved for the test) the day's counter starts from zero, once.
        var tomorrow = Instance(o => o.BudgetClockOffset = TimeSpan.FromDays(1));
        using (await Gate(tomorrow, limit: 5m, BudgetPeriod.Day).HoldAsync(20, CancellationToken.None))
        {
        }

        await tomorrow.FlushAsync();
        Assert.Equal(BudgetPeriods.Current(BudgetPeriod.Day, DateTimeOffset.UtcNow.AddDays(1)), await FieldAsync("period", tomorrow, "day"));
        Assert.Equal(0, await FieldAsync("spent", tomorrow, "day"));
    }

    [RedisFact]
    public async Task Months_are_numbered_by_Redis_as_the_core_numbers_them()
    {
        foreach (var target in new[] { new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 12, 31, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2100, 3, 1, 12, 0, 0, TimeSpan.Zero) })
        {
            var instance = Instance(o => o.BudgetClockOffset = target - DateTimeOffset.UtcNow);
            using (await Gate(instance, limit: 5m, BudgetPeriod.Month).HoldAsync(1, CancellationToken.None))
            {
            }

            Assert.Equal(BudgetPeriods.Current(BudgetPeriod.Month, target), await FieldAsync("period", instance, "month"));
        }
    }

    [RedisFact]
    public async Task A_budget_that_only_warns_admits_and_logs_once()
    {
        var logger = new ListLogger();
        var gate = Gate(Instance(), limit: 1m, onExceeded: BudgetAction.Warn, logger: logger);

        using (await gate.HoldAsync(20, CancellationToken.None))
        using (await gate.HoldAsync(20, CancellationToken.None))
        {
        }

        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("shared budget", StringComparison.Ordinal));
    }

    [RedisFact]
    public async Task While_Redis_is_down_FailOpen_checks_the_local_spend_and_FailClosed_refuses_typed()
    {
        var open = Gate(Instance(), limit: 1m);
        var closed = Gate(Instance(o => o.FailurePolicy = CustomRedisFailurePolicy.FailClosed), limit: 1m);
        Redis.Kill();

        using (await open.HoldAsync(100, CancellationToken.None))
        {
        }

        await Assert.ThrowsAsync<CustomCoordinationUnavailableException>(() => closed.HoldAsync(1, CancellationToken.None).AsTask());
    }

    [RedisFact]
    public async Task Budget_keys_share_one_slot_carry_the_prefix_and_expire()
    {
        var instance = Instance();
        var hold = await Gate(instance, limit: 5m, global: 50m).HoldAsync(10, CancellationToken.None);
        await instance.FlushAsync();

        var server = instance.Connection.GetServer(instance.Connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: "*").Select(key => key.ToString()).ToList();
        Assert.Equal(4, keys.Count);
        Assert.All(keys, key => Assert.StartsWith("test:{budget}:", key, StringComparison.Ordinal));
        Assert.Contains("test:{budget}:global:none", keys);
        Assert.Single(keys.Select(key => instance.Connection.HashSlot(key)).Distinct());
        foreach (var key in keys)
        {
            Assert.True(await instance.Connection.GetDatabase().KeyTimeToLiveAsync(key) is { } left && left > TimeSpan.Zero, $"{key} does not expire");
        }

        hold.Dispose();
    }

    private static ChatOptions Allowing20() => new() { MaxOutputTokens = 20 };

    private static async Task<bool> CallAsync(IChatClient client)
    {
        try
        {
            await client.GetResponseAsync("hi", Allowing20());
            return true;
        }
        catch (CustomBudgetExceededException)
        {
            return false;
        }
    }

    /// <summary>One application instance with a priced model and a shared (or local) service budget.</summary>
    private (IChatClient Client, CustomUsageTracker Tracker) Application(decimal limit, bool coordinated = true)
    {
        var services = new ServiceCollection();
        if (coordinated)
        {
            AddCoordination(services, keyPrefix: "test");
        }

        var options = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = Provider.Endpoint, ApiKey = "sk-test", EnableTelemetry = false, Price = Price };
        options.Resilience.Retry.MaxRetries = 0;
        options.Budget.ServiceLimit = limit;
        services.AddCustomChatCompletion(options, serviceId: "shared");
        var application = Build(services);
        return (application.GetRequiredKeyedService<IChatClient>("shared"), application.GetRequiredService<CustomUsageTracker>());
    }
}
