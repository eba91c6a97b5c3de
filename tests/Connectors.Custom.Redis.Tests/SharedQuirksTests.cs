using Connectors.Custom.Redis.Fleet;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>An adaptation learned by one instance (a field the server rejects) is published to Redis, under a key
/// named by the endpoint and model only, and used by the other instances.</summary>
public sealed class SharedQuirksTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly List<ServiceProvider> _applications = [];
    private readonly List<FleetInstance> _instances = [];
    private QuotaServer _provider = null!;

    public async Task InitializeAsync() => _provider = await QuotaServer.StartAsync(quota: 10_000, TimeSpan.FromMinutes(1));

    [RedisFact]
    public async Task What_one_application_learns_is_published_under_the_endpoint_and_model_whatever_the_key()
    {
        _provider.RejectedField = "seed";
        var first = Application("sk-first");

        await first.GetResponseAsync("hi", new ChatOptions { Seed = 7 });
        await FlushAsync();

        // One rejection, then the adapted request: learned once, by this application.
        Assert.Equal(1, _provider.RequestsWithRejectedField);
        Assert.Equal(2, _provider.Requests);
        var (key, words) = await SharedSetAsync();
        Assert.Equal(["drop=seed"], words);
        Assert.StartsWith("e2e:{", key, StringComparison.Ordinal);
        Assert.True(await Database().KeyTimeToLiveAsync(key) is { } left && left > TimeSpan.Zero);

        // Another key to the same endpoint and model reads the same set: the key plays no part in its name.
        var store = Instance(o => o.KeyPrefix = "e2e").Coordinator.CreateLearnedQuirks(EndpointAddress.Describe(_provider.Endpoint), "model-q", new CustomQuirkProfile(), TimeProvider.System);
        Assert.Contains("seed", (await EventuallyAsync(store, "model-q", p => p.DroppedParameters.Contains("seed"))).DroppedParameters);
    }

    [RedisFact]
    public async Task Another_instance_uses_what_one_learned_without_failing_first()
    {
        var learner = Instance().Coordinator.CreateLearnedQuirks("http://127.0.0.1:1/v1", "model-a", new CustomQuirkProfile(), TimeProvider.System);
        var other = Instance(o => o.QuirkRefreshInterval = TimeSpan.Zero).Coordinator.CreateLearnedQuirks("http://127.0.0.1:1/v1", "model-a", new CustomQuirkProfile(), TimeProvider.System);
        Assert.True(other.For("model-a").SupportsStreamOptions);

        var current = learner.For("model-a");
        var adapted = current.Clone();
        adapted.SupportsStreamOptions = false;
        adapted.MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens;
        Assert.True(learner.Learn("model-a", current, adapted));
        Assert.False(learner.Learn("model-a", current, adapted));
        await _instances[0].FlushAsync();

        var seen = await EventuallyAsync(other, "model-a", p => !p.SupportsStreamOptions);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, seen.MaxTokensParameter);
    }

    [RedisFact]
    public void Without_Redis_an_instance_keeps_what_it_learns()
    {
        var instance = Instance();
        _redis.Kill();
        var store = instance.Coordinator.CreateLearnedQuirks("http://127.0.0.1:1/v1", "model-a", new CustomQuirkProfile(), TimeProvider.System);

        var current = store.For("model-a");
        var adapted = current.Clone();
        adapted.DroppedParameters.Add("logprobs");

        Assert.True(store.Learn("model-a", current, adapted));
        Assert.Same(adapted, store.For("model-a"));
    }

    public async Task DisposeAsync()
    {
        foreach (var application in _applications)
        {
            await application.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        await _provider.DisposeAsync();
        _redis.Dispose();
    }

    /// <summary>Reads the profile until the background refresh brought what is expected (bounded).</summary>
    private static async Task<CustomQuirkProfile> EventuallyAsync(ILearnedQuirks store, string modelId, Func<CustomQuirkProfile, bool> expected)
    {
        for (var tries = 0; ; tries++)
        {
            var profile = store.For(modelId);
            if (expected(profile) || tries == 400)
            {
                return profile;
            }

            await Task.Delay(10);
        }
    }

    private FleetInstance Instance(Action<CustomRedisOptions>? configure = null)
    {
        var instance = FleetInstance.Connect(_redis, configure);
        _instances.Add(instance);
        return instance;
    }

    private StackExchange.Redis.IDatabase Database() => (_instances.FirstOrDefault() ?? Instance()).Connection.GetDatabase();

    private async Task<(string Key, string[] Words)> SharedSetAsync()
    {
        var connection = (_instances.FirstOrDefault() ?? Instance()).Connection;
        var key = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*:quirks").Single();
        var members = await connection.GetDatabase().SetMembersAsync(key);
        return (key.ToString(), [.. members.Select(m => m.ToString())]);
    }

    private IChatClient Application(string apiKey)
    {
        var services = new ServiceCollection();
        services.AddCustomRedisCoordination(_redis.Configuration, o =>
        {
            o.KeyPrefix = "e2e";
            o.OperationTimeout = TimeSpan.FromSeconds(2);
            o.RetryInterval = TimeSpan.Zero;
        });
        services.AddCustomChatCompletion(new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = _provider.Endpoint, ApiKey = apiKey, EnableTelemetry = false });
        var application = services.BuildServiceProvider();
        _applications.Add(application);
        return application.GetRequiredService<IChatClient>();
    }

    private async Task FlushAsync()
    {
        foreach (var application in _applications)
        {
            await ((RedisFleetCoordinator)application.GetRequiredService<IFleetCoordinator>()).PingAsync();
        }
    }
}
