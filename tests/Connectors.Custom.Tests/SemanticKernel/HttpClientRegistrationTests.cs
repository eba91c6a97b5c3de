using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Tests.SemanticKernel;

/// <summary>Which HttpClient a registered service sends with, and that a client the application owns is never changed.</summary>
public sealed class HttpClientRegistrationTests : LoopbackTest
{
    [Fact]
    public async Task WithAnHttpClientFactory_ChatUsesItsNamedClient_WithTheApplicationsHandlers()
    {
        Server.EnqueueBody(Wire.Completion("hello"));
        var seen = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddHttpClient("Connectors.Custom.chat").AddHttpMessageHandler(() => seen);
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.Equal("hello", response.Text);
        Assert.Equal(1, seen.Count);
        Assert.Single(Server.Requests);

        // The connector lifts the factory's 100-second default on its own named client only.
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        Assert.Equal(Timeout.InfiniteTimeSpan, factory.CreateClient("Connectors.Custom.chat").Timeout);
        Assert.Equal(TimeSpan.FromSeconds(100), factory.CreateClient("something-else").Timeout);
    }

    [Fact]
    public async Task WithAnHttpClientFactory_EachKeyedServiceHasItsOwnName_EmbeddingsIncluded()
    {
        Server.ServeEmbeddings();
        var chat = new RecordingHandler();
        var embeddings = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddHttpClient("Connectors.Custom.chat.fast").AddHttpMessageHandler(() => chat);
        services.AddHttpClient("Connectors.Custom.embeddings.search").AddHttpMessageHandler(() => embeddings);
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress, serviceId: "fast");
        services.AddCustomEmbeddingGenerator("embed", Server.BaseAddress, serviceId: "search");
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search").GenerateAsync(["a"]);

        Assert.Equal(1, embeddings.Count);
        Assert.Equal(0, chat.Count);
    }

    [Fact]
    public async Task TheApplicationsOwnTimeoutOnTheNamedClient_Wins_AndIsReported()
    {
        using var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(logs);
        services.AddHttpClient("Connectors.Custom.chat").ConfigureHttpClient(client => client.Timeout = TimeSpan.FromMinutes(1));
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IChatClient>();

        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IHttpClientFactory>().CreateClient("Connectors.Custom.chat").Timeout);
        Assert.Single(logs.Records, r => r.Level == LogLevel.Warning && r.EventId.Id == 100);
    }

    [Fact]
    public async Task ACallersClient_KeepsItsTimeout_AndAShorterOneIsReportedOnce()
    {
        using var logs = new CapturingLoggerProvider();
        using var shortClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var unlimitedClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(logs);
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress, serviceId: "short", httpClient: shortClient);
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress, serviceId: "unlimited", httpClient: unlimitedClient);
        await using var provider = services.BuildServiceProvider();
        Server.EnqueueBody(Wire.Completion("one")).EnqueueBody(Wire.Completion("two"));

        var client = provider.GetRequiredKeyedService<IChatClient>("short");
        await client.GetResponseAsync("hi");
        await client.GetResponseAsync("again");
        _ = provider.GetRequiredKeyedService<IChatClient>("unlimited");

        Assert.Equal(TimeSpan.FromSeconds(30), shortClient.Timeout);
        var warning = Assert.Single(logs.Records, r => r.EventId.Id == 100);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("00:00:30", warning.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
