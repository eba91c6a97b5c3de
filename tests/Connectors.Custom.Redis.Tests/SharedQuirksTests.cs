using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>An adaptation learned by one instance (a field the server rejects) is published to Redis, under a key
/// named by the endpoint and model only, and used by the other instances.</summary>
public sealed class SharedQuirksTests : FleetApplicationsTest
{

    [RedisFact]
    public async Task What_one_application_learns_is_published_under_the_endpoint_and_model_whatever_the_key()
    {
        Provider.RejectedField = "seed";
        var first = Application("sk-first");

        await first.GetResponseAsync("hi", new ChatOptions { Seed = 7 });
        await FlushAsync();

        // One rejection, then the adapted request: learned once, by this application.
        Assert.Equal(1, Provider.RequestsWithRejectedField);
        Assert.Equal(2, Provider.Requests);
        var (key, words) = await SharedSetAsync();
        Assert.Equal(["drop=seed"], words);
        Assert.StartsWith("e2e:{", key, StringComparison.Ordinal);
        Assert.True(await Database().KeyTimeToLiveAsync(key) is { } left && left > TimeSpan.Zero);

        // Another key to the same endpoint and model reads the same set: the key plays no part in its name.
        var store = Instance(o => o.KeyPrefix = "e2e").Coordinator.CreateLearnedQuirks(EndpointAddress.Describe(Provider.Endpoint), "model-q", new CustomQuirkProfile(), TimeProvider.System);
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
        await Instances[0].FlushAsync();

        var seen = await EventuallyAsync(other, "model-a", p => !p.SupportsStreamOptions);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, seen.MaxTokensParameter);
    }

    [RedisFact]
    public void Without_Redis_an_instance_keeps_what_it_learns()
    {
        var instance = Instance();
        Redis.Kill();
        var store = instance.Coordinator.CreateLearnedQuirks("http://127.0.0.1:1/v1", "model-a", new CustomQuirkProfile(), TimeProvider.System);

        var current = store.For("model-a");
        var adapted = current.Clone();
        adapted.DroppedParameters.Add("logprobs");

        Assert.True(store.Learn("model-a", current, adapted));
        Assert.Same(adapted, store.For("model-a"));
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

    private StackExchange.Redis.IDatabase Database() => (Instances.FirstOrDefault() ?? Instance()).Connection.GetDatabase();

    private async Task<(string Key, string[] Words)> SharedSetAsync()
    {
        var connection = (Instances.FirstOrDefault() ?? Instance()).Connection;
        var key = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*:quirks").Single();
        var members = await connection.GetDatabase().SetMembersAsync(key);
        return (key.ToString(), [.. members.Select(m => m.ToString())]);
    }

    private IChatClient Application(string apiKey)
    {
        var services = new ServiceCollection();
        AddCoordination(services, keyPrefix: "e2e");
        services.AddCustomChatCompletion(new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = Provider.Endpoint, ApiKey = apiKey, EnableTelemetry = false });
        var application = Build(services);
        return application.GetRequiredService<IChatClient>();
    }
}
