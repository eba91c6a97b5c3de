namespace Connectors.Custom.Redis.Tests;

/// <summary>A server's request to hold off, seen by one instance, holds every instance.</summary>
public sealed class CooldownTests : IDisposable
{
    private readonly RedisServer _server = RedisServer.Start();

    [RedisFact]
    public async Task A_cooldown_seen_by_one_instance_holds_the_others()
    {
        using var seen = FleetInstance.Connect(_server);
        using var other = FleetInstance.Connect(_server);
        using var seenLimiter = seen.Limiter(new CustomRateLimitOptions());
        using var otherLimiter = other.Limiter(new CustomRateLimitOptions { OverLimit = OverLimitBehavior.Reject });
        (await otherLimiter.AcquireAsync(1, CancellationToken.None)).Dispose();

        seenLimiter.ShareCooldown(TimeSpan.FromSeconds(30));
        await seen.FlushAsync();

        var held = await Assert.ThrowsAsync<CustomRateLimitException>(() => otherLimiter.AcquireAsync(1, CancellationToken.None));
        Assert.Contains("asked every client to wait", held.Message, StringComparison.Ordinal);
        Assert.InRange(held.RetryAfter!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
    }

    [RedisFact]
    public async Task A_shorter_cooldown_never_shortens_a_longer_one()
    {
        using var first = FleetInstance.Connect(_server);
        using var second = FleetInstance.Connect(_server);
        using var a = first.Limiter(new CustomRateLimitOptions { OverLimit = OverLimitBehavior.Reject });
        using var b = second.Limiter(new CustomRateLimitOptions { OverLimit = OverLimitBehavior.Reject });

        a.ShareCooldown(TimeSpan.FromSeconds(60));
        await first.FlushAsync();
        b.ShareCooldown(TimeSpan.FromMilliseconds(1));
        await second.FlushAsync();

        var held = await Assert.ThrowsAsync<CustomRateLimitException>(() => b.AcquireAsync(1, CancellationToken.None));
        Assert.True(held.RetryAfter > TimeSpan.FromSeconds(50), $"held for {held.RetryAfter}");
    }

    [RedisFact]
    public async Task A_call_that_may_wait_goes_through_once_the_cooldown_ends()
    {
        using var instance = FleetInstance.Connect(_server);
        using var limiter = instance.Limiter(new CustomRateLimitOptions { OverLimit = OverLimitBehavior.Wait, MaxQueueTime = TimeSpan.FromSeconds(30) });
        limiter.ShareCooldown(TimeSpan.FromMilliseconds(200));
        await instance.FlushAsync();

        var database = instance.Connection.GetDatabase();
        var deadline = (long)await database.StringGetAsync(new FleetKeys("test", FleetInstance.Endpoint).Cooldown);

        using var lease = await limiter.AcquireAsync(1, CancellationToken.None);

        // Judged on Redis's clock, as the admission is: not whether the key is gone yet (its expiry may trail the
        // deadline by under a millisecond), but that the admission came no earlier than the deadline.
        var time = (StackExchange.Redis.RedisResult[])(await database.ExecuteAsync("TIME"))!;
        var now = ((long)time[0] * 1000) + ((long)time[1] / 1000);
        Assert.True(now >= deadline, $"admitted at {now}, before the cooldown's deadline {deadline}");
    }

    public void Dispose() => _server.Dispose();
}
