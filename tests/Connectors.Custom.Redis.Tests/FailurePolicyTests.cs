using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Redis.Tests;

/// <summary>Redis is not a single point of failure: killed mid-run, calls follow the policy; restarted, coordination
/// resumes by itself.</summary>
public sealed class FailurePolicyTests : IDisposable
{
    private readonly RedisServer _server = RedisServer.Start();

    [RedisFact]
    public async Task Fail_open_falls_back_to_local_limits_warns_once_and_resumes_when_Redis_returns()
    {
        var logger = new ListLogger();
        using var instance = FleetInstance.Connect(_server, logger: logger);
        using var limiter = instance.Limiter(new CustomRateLimitOptions { RequestsPerMinute = 3, OverLimit = OverLimitBehavior.Reject });
        (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();

        _server.Kill();

        // This instance's own limit of 3 a minute applies while Redis is away: its earlier admission is not known here.
        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();
        }

        var local = await Assert.ThrowsAsync<CustomRateLimitException>(() => limiter.AcquireAsync(1, CancellationToken.None));
        Assert.Contains("client-side limit", local.Message, StringComparison.Ordinal);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);

        _server.Restart();
        await WaitForAsync(async () =>
        {
            try
            {
                (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();
            }
            catch (CustomRateLimitException)
            {
                // Still degraded: the local limit is spent.
            }

            return logger.Entries.Any(e => e.Level == LogLevel.Information && e.Message.Contains("answers again", StringComparison.Ordinal));
        });

        // Coordinated again: the admission went to the restarted (empty) Redis, as another instance sees.
        using var observer = FleetInstance.Connect(_server);
        Assert.True(await observer.Connection.GetDatabase().KeyExistsAsync(new FleetKeys("test", FleetInstance.Endpoint).Log));
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [RedisFact]
    public async Task Fail_closed_refuses_with_a_typed_error_and_resumes_when_Redis_returns()
    {
        using var instance = FleetInstance.Connect(_server, o => o.FailurePolicy = CustomRedisFailurePolicy.FailClosed);
        using var limiter = instance.Limiter(new CustomRateLimitOptions { RequestsPerMinute = 100 });
        (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();

        _server.Kill();

        var refused = await Assert.ThrowsAsync<CustomCoordinationUnavailableException>(() => limiter.AcquireAsync(1, CancellationToken.None));
        Assert.Equal(FleetInstance.Endpoint.Address, refused.Endpoint);
        Assert.Contains("FailClosed", refused.Message, StringComparison.Ordinal);

        _server.Restart();
        await WaitForAsync(async () =>
        {
            try
            {
                (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();
                return true;
            }
            catch (CustomCoordinationUnavailableException)
            {
                return false;
            }
        });
    }

    public void Dispose() => _server.Dispose();

    /// <summary>Polls until the reconnection (which runs on the client library's own timers) has happened.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var tries = 0; tries < 400; tries++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("Coordination did not resume after Redis came back.");
    }
}
