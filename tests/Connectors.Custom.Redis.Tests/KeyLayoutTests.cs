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

    [Fact]
    public void The_key_fingerprint_is_a_hash_and_the_key_appears_nowhere()
    {
        const string key = "sk-live-0123456789secret";
        var endpoint = FleetEndpoint.For(new CustomChatCompletionOptions { ModelId = "m", Endpoint = new Uri("https://api.example.com/v1"), ApiKey = key });
        var other = FleetEndpoint.For(new CustomChatCompletionOptions { ModelId = "m", Endpoint = new Uri("https://api.example.com/v1"), ApiKey = key + "2" });
        var keys = new FleetKeys("p", endpoint);

        Assert.Equal(16, endpoint.KeyFingerprint.Length);
        Assert.NotEqual(endpoint.KeyFingerprint, other.KeyFingerprint);
        Assert.NotEqual(keys.Log, new FleetKeys("p", other).Log);
        Assert.DoesNotContain("secret", endpoint.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", string.Join(' ', keys.Admission), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();
}
