using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>What needs no Redis server: registration checks and the key fingerprint (these run everywhere).</summary>
public sealed class NoServerTests
{
    [Fact]
    public void Registering_twice_or_with_a_bad_setting_fails_at_once_naming_the_problem()
    {
        var services = new ServiceCollection().AddCustomRedisCoordination("127.0.0.1:1");
        Assert.Throws<InvalidOperationException>(() => services.AddCustomRedisCoordination("127.0.0.1:1"));

        var bad = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomRedisCoordination("127.0.0.1:1", o => o.KeyPrefix = "a{b}"));
        Assert.Equal("KeyPrefix", bad.ParamName);

        var negative = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomRedisCoordination("127.0.0.1:1", o => o.QuirkRefreshInterval = TimeSpan.FromSeconds(-1)));
        Assert.Equal("QuirkRefreshInterval", negative.ParamName);
        var zero = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomRedisCoordination("127.0.0.1:1", o => o.EmbeddingCacheTime = TimeSpan.Zero));
        Assert.Equal("EmbeddingCacheTime", zero.ParamName);
        var report = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomRedisCoordination("127.0.0.1:1", o => o.BudgetReportInterval = TimeSpan.Zero));
        Assert.Equal("BudgetReportInterval", report.ParamName);

        var kernel = Kernel.CreateBuilder().AddCustomRedisCoordination("127.0.0.1:1");
        Assert.Contains(kernel.Services, d => d.ServiceType == typeof(IFleetCoordinator));
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
}
