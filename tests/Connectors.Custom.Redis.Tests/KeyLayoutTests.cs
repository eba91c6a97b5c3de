namespace Connectors.Custom.Redis.Tests;

/// <summary>Keys are cluster-safe (one hash slot per endpoint), prefixed, expiring, and free of the API key.</summary>
public sealed class KeyLayoutTests : IDisposable
{
    private readonly RedisServer _server = RedisServer.Start();

    [RedisFact]
    public async Task Every_key_of_an_endpoint_shares_one_slot_carries_the_prefix_and_expires()
    {
        using var instance = FleetInstance.Connect(_server, o => o.KeyPrefix = "tenant-7");
        using var limiter = instance.Limiter(new CustomRateLimitOptions { RequestsPerMinute = 10, TokensPerMinute = 1000, MaxConcurrentRequests = 5 });
        using (await limiter.AcquireAsync(10, CancellationToken.None))
        {
            limiter.ShareCooldown(TimeSpan.FromMinutes(1));
            await instance.FlushAsync();

            var server = instance.Connection.GetServer(instance.Connection.GetEndPoints()[0]);
            var keys = server.Keys(pattern: "*").ToList();
            Assert.Equal(4, keys.Count);
            Assert.All(keys, key => Assert.StartsWith("tenant-7:{", key.ToString(), StringComparison.Ordinal));
            Assert.Single(keys.Select(key => instance.Connection.HashSlot(key)).Distinct());
            foreach (var key in keys)
            {
                var ttl = await instance.Connection.GetDatabase().KeyTimeToLiveAsync(key);
                Assert.True(ttl is { } left && left > TimeSpan.Zero, $"{key} does not expire");
            }
        }
    }

    public void Dispose() => _server.Dispose();
}
