using System.Net;
using Connectors.Custom.Redis.Fleet;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>Applications registered with <c>AddCustomRedisCoordination</c> share limits and cooldowns through the
/// real chat pipeline; without it nothing changes.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly List<ServiceProvider> _applications = [];
    private QuotaServer _provider = null!;

    public async Task InitializeAsync() => _provider = await QuotaServer.StartAsync(quota: 1000, TimeSpan.FromMinutes(1));

    [RedisFact]
    public async Task Two_applications_share_one_request_limit()
    {
        var first = Application(coordinated: true);
        var second = Application(coordinated: true);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CallAsync(i % 2 == 0 ? first : second)));

        Assert.Equal(4, outcomes.Count(sent => sent));
        Assert.Equal(4, _provider.Requests);
    }

    [RedisFact]
    public async Task Without_coordination_each_application_keeps_its_own_limit()
    {
        var first = Application(coordinated: false);
        var second = Application(coordinated: false);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CallAsync(i % 2 == 0 ? first : second)));

        Assert.Equal(8, outcomes.Count(sent => sent));
        Assert.Equal(8, _provider.Requests);
    }

    [RedisFact]
    public async Task A_429_with_Retry_After_seen_by_one_application_holds_the_other()
    {
        _provider.Answer = number => number == 1 ? (429, 30) : null;
        var first = Application(coordinated: true);
        var second = Application(coordinated: true);

        var seen = await Assert.ThrowsAsync<CustomEndpointException>(() => first.GetResponseAsync("hi"));
        Assert.Equal(HttpStatusCode.TooManyRequests, seen.StatusCode);
        await FlushAsync();

        var held = await Assert.ThrowsAsync<CustomRateLimitException>(() => second.GetResponseAsync("hi"));
        Assert.True(held.IsClientSide);
        Assert.Equal(1, _provider.Requests);
    }

    [RedisFact]
    public async Task Redis_killed_mid_run_and_restarted_loses_no_call_under_FailOpen_refuses_typed_under_FailClosed_and_resumes()
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            var open = Application(coordinated: true, requestsPerMinute: 1000);
            var closed = Application(coordinated: true, CustomRedisFailurePolicy.FailClosed, requestsPerMinute: 1000);
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => open.GetResponseAsync("before")));

            _redis.Kill();
            var during = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => open.GetResponseAsync("during")));
            await Assert.ThrowsAsync<CustomCoordinationUnavailableException>(() => closed.GetResponseAsync("during"));

            _redis.Restart();
            for (var tries = 0; ; tries++)
            {
                try
                {
                    await closed.GetResponseAsync("after");
                    break;
                }
                catch (CustomCoordinationUnavailableException) when (tries < 400)
                {
                    await Task.Delay(50);
                }
            }

            await open.GetResponseAsync("after");
            Assert.Equal(5, during.Length);
            Assert.Equal(5 + 5 + 1 + 1, _provider.Admitted);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal(0, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= count;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var application in _applications)
        {
            await application.DisposeAsync();
        }

        await _provider.DisposeAsync();
        _redis.Dispose();
    }

    private static async Task<bool> CallAsync(IChatClient client)
    {
        try
        {
            await client.GetResponseAsync("hi");
            return true;
        }
        catch (CustomRateLimitException exception) when (exception.IsClientSide)
        {
            return false;
        }
    }

    /// <summary>One application instance: its own container, connector and (when coordinated) Redis connection.</summary>
    private IChatClient Application(bool coordinated, CustomRedisFailurePolicy policy = CustomRedisFailurePolicy.FailOpen, int requestsPerMinute = 4)
    {
        var services = new ServiceCollection();
        if (coordinated)
        {
            services.AddCustomRedisCoordination(_redis.Configuration, o =>
            {
                o.KeyPrefix = "e2e";
                o.FailurePolicy = policy;
                o.OperationTimeout = TimeSpan.FromSeconds(2);
                o.RetryInterval = TimeSpan.Zero;
            });
        }

        var options = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = _provider.Endpoint, ApiKey = "sk-test", EnableTelemetry = false };
        options.Resilience.RateLimits.RequestsPerMinute = requestsPerMinute;
        options.Resilience.RateLimits.OverLimit = OverLimitBehavior.Reject;
        options.Resilience.Retry.MaxRetries = 0;
        services.AddCustomChatCompletion(options);
        var application = services.BuildServiceProvider();
        _applications.Add(application);
        return application.GetRequiredService<IChatClient>();
    }

    /// <summary>Waits until what every application sent without waiting has reached Redis.</summary>
    private async Task FlushAsync()
    {
        foreach (var application in _applications)
        {
            var coordinator = (RedisFleetCoordinator)application.GetRequiredService<IFleetCoordinator>();
            await coordinator.FlushAsync();
        }
    }
}
