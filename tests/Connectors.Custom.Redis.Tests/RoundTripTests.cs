using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using StackExchange.Redis;

namespace Connectors.Custom.Redis.Tests;

/// <summary>What a coordinated call costs Redis: one round trip before it is sent, even with shared limits and a shared
/// budget (a call its instance's allowance does not cover sends its budget report and its admission together), and one
/// message when it ends.</summary>
public sealed class RoundTripTests : FleetApplicationsTest
{
    private static readonly ModelPrice Price = new() { InputPerMillion = 100_000m, OutputPerMillion = 100_000m };

    [RedisFact]
    public async Task A_call_with_shared_limits_and_budget_sends_its_reservation_and_admission_before_either_answer()
    {
        await using var proxy = ReplyHoldingProxy.Start(Redis);
        var client = Application(proxy.Configuration, budget: 1_000m);
        await client.GetResponseAsync("warm up", Allowing20());
        await FlushAsync();

        // Redis's replies are held until two more scripts have gone out. A call that waited for its reservation's
        // answer before sending its admission would wait forever (and, failing closed, fail after the operation timeout).
        var before = proxy.ScriptsSent;
        proxy.HoldRepliesUntilMoreScripts(2);
        var response = await client.GetResponseAsync("hi", Allowing20());

        Assert.False(string.IsNullOrEmpty(response.Text));
        Assert.Equal(2, Provider.Requests);

        // Nothing else went out for it: after the report and the admission, only the message that ends the call
        // (sent without waiting, so it is counted once everything has reached Redis) and the flush's report.
        await FlushAsync();
        Assert.Equal(2 + 2, proxy.ScriptsSent - before);
    }

    [RedisFact]
    public async Task Calls_the_instances_allowance_covers_cost_Redis_their_admission_and_its_end_only()
    {
        await using var proxy = ReplyHoldingProxy.Start(Redis);
        var client = Application(proxy.Configuration, budget: 1_000m);
        var before = proxy.ScriptsSent;
        for (var call = 0; call < 20; call++)
        {
            await client.GetResponseAsync("hi", Allowing20());
        }

        // Two scripts a call (admission, and correction with release) and three budget reports: the first call's,
        // which held budget for sixteen more calls at its $2.10 estimate ($35.70 in all); a refill sent in the
        // background by the thirteenth call, which left less than half of the $33.60 added ($2.10 in flight, $18.00
        // spent); and the flush's, which reports the spend. No call waited for the refill.
        await FlushAsync();
        Assert.Equal(2 * 20 + 3, proxy.ScriptsSent - before);
        Assert.Equal(Nano(20 * 1.5m), await FieldAsync("spent"));
        Assert.Equal(0, await FieldAsync("held"));
    }

    [RedisFact]
    public async Task A_call_the_shared_budget_refuses_withdraws_the_admission_that_went_out_with_its_reservation()
    {
        var client = Application(redis: null, budget: 3m);
        await client.GetResponseAsync("hi", Allowing20());

        // $1.50 spent: another $2.10 estimate would pass $3.00; the admission sent beside the reservation is taken back.
        await Assert.ThrowsAsync<CustomBudgetExceededException>(() => client.GetResponseAsync("hi", Allowing20()));
        await FlushAsync();

        Assert.Equal(1, Provider.Requests);
        Assert.Equal(1, await EntriesAsync("log"));
        Assert.Equal(0, await EntriesAsync("leases"));
    }

    [RedisFact]
    public async Task A_finished_call_corrects_its_tokens_and_releases_its_lease_in_one_message()
    {
        var client = Application(redis: null, budget: null);
        await client.GetResponseAsync("hi", Allowing20());
        await FlushAsync();

        // The provider's answer used 15 tokens (10 in, 5 out) of the 21 estimated, and the call holds no lease.
        var amounts = Keys("amounts").Single();
        Assert.Equal(15, (long)await Connect().GetDatabase().HashGetAsync(amounts, "#total"));
        Assert.Equal(0, await EntriesAsync("leases"));
    }

    private static ChatOptions Allowing20() => new() { MaxOutputTokens = 20 };

    private ConnectionMultiplexer Connect() => Instances.FirstOrDefault()?.Connection ?? Instance().Connection;

    /// <summary>The endpoint's keys ending in <paramref name="suffix"/> (none once a sorted set's last entry left).</summary>
    private RedisKey[] Keys(string suffix)
    {
        var connection = Connect();
        return [.. connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: $"test:{{*}}:{suffix}")];
    }

    /// <summary>How many entries the endpoint's sorted set ending in <paramref name="suffix"/> holds.</summary>
    private async Task<long> EntriesAsync(string suffix)
    {
        var total = 0L;
        foreach (var key in Keys(suffix))
        {
            total += await Connect().GetDatabase().SortedSetLengthAsync(key);
        }

        return total;
    }

    /// <summary>One application with shared limits (requests, tokens and concurrency) and, when given, a shared
    /// budget, failing closed so a Redis answer that never comes fails the call rather than being waited out.</summary>
    private IChatClient Application(string? redis, decimal? budget)
    {
        var services = new ServiceCollection();
        AddCoordination(services, keyPrefix: "test", redis, o =>
        {
            o.FailurePolicy = CustomRedisFailurePolicy.FailClosed;

            // No background report in the middle of a count of scripts.
            o.BudgetReportInterval = TimeSpan.FromMinutes(1);
        });

        var options = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = Provider.Endpoint, ApiKey = "sk-test", EnableTelemetry = false, Price = Price };
        options.Resilience.Retry.MaxRetries = 0;
        options.Resilience.RateLimits.RequestsPerMinute = 1_000;
        options.Resilience.RateLimits.TokensPerMinute = 1_000_000;
        options.Resilience.RateLimits.MaxConcurrentRequests = 8;
        if (budget is { } limit)
        {
            options.Budget.ServiceLimit = limit;
        }

        services.AddCustomChatCompletion(options, serviceId: "shared");
        return Build(services).GetRequiredKeyedService<IChatClient>("shared");
    }
}
