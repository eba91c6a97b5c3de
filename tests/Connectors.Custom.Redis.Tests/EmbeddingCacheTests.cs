using Connectors.Custom.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Embeddings;

namespace Connectors.Custom.Redis.Tests;

#pragma warning disable CS0618 // SK's older embedding interface: what SemanticTextMemory resolves, so it must benefit too.

/// <summary>The opt-in embeddings cache: what one instance embedded, another gets from Redis (the server sees one
/// request); keys carry the model and dimensions and expire; off by default; Redis down means no cache, not no
/// embeddings.</summary>
public sealed class EmbeddingCacheTests : IAsyncLifetime
{
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly List<ServiceProvider> _applications = [];
    private LocalOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAIServer.StartAsync();

    [RedisFact]
    public async Task A_second_instance_gets_a_hit_and_the_server_sees_one_request()
    {
        var first = Application(cache: true).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var second = Application(cache: true).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var generated = await first.GenerateAsync(["the fleet shares this"]);
        var cached = await second.GenerateAsync(["the fleet shares this"]);

        Assert.Single(_server.Requests);
        Assert.Equal(generated[0].Vector.ToArray(), cached[0].Vector.ToArray());
    }

    [RedisFact]
    public async Task Semantic_Kernels_embedding_service_reads_the_same_cache()
    {
        var generator = Application(cache: true).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var service = Application(cache: true, textService: true).GetRequiredService<ITextEmbeddingGenerationService>();

        await generator.GenerateAsync(["one text, two interfaces"]);
        var vectors = await service.GenerateEmbeddingsAsync(["one text, two interfaces"]);

        Assert.Single(_server.Requests);
        Assert.Equal(384, vectors[0].Length);
    }

    [RedisFact]
    public async Task Other_dimensions_are_another_key_and_every_key_expires()
    {
        var full = Application(cache: true).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var reduced = Application(cache: true, dimensions: 64).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await full.GenerateAsync(["same text"]);
        var small = await reduced.GenerateAsync(["same text"]);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(64, small[0].Vector.Length);
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*").ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, key => Assert.StartsWith("cache:embedding:", key.ToString(), StringComparison.Ordinal));
        foreach (var key in keys)
        {
            Assert.True(await connection.GetDatabase().KeyTimeToLiveAsync(key) is { } left && left > TimeSpan.FromDays(6));
        }
    }

    [RedisFact]
    public async Task The_cache_is_off_unless_turned_on()
    {
        var first = Application(cache: false).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var second = Application(cache: false).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await first.GenerateAsync(["not cached"]);
        await second.GenerateAsync(["not cached"]);

        Assert.Equal(2, _server.Requests.Count);
    }

    [RedisFact]
    public async Task While_Redis_is_down_embeddings_are_generated_without_the_cache()
    {
        var generator = Application(cache: true).GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        await generator.GenerateAsync(["warm"]);
        _redis.Kill();

        var during = await generator.GenerateAsync(["while redis is away"]);

        Assert.Equal(384, during[0].Vector.Length);
        Assert.Equal(2, _server.Requests.Count);
    }

    public async Task DisposeAsync()
    {
        foreach (var application in _applications)
        {
            await application.DisposeAsync();
        }

        await _server.DisposeAsync();
        _redis.Dispose();
    }

    private ServiceProvider Application(bool cache, int? dimensions = null, bool textService = false)
    {
        var services = new ServiceCollection();
        services.AddCustomRedisCoordination(_redis.Configuration, o =>
        {
            o.KeyPrefix = "cache";
            o.CacheEmbeddings = cache;
            o.OperationTimeout = TimeSpan.FromSeconds(2);
            o.RetryInterval = TimeSpan.Zero;
        });
        var options = new CustomEmbeddingOptions { ModelId = LocalServerOptions.DefaultEmbeddingModelId, Endpoint = _server.BaseAddress, Dimensions = dimensions, EnableTelemetry = false };
        if (textService)
        {
            services.AddCustomTextEmbeddingGeneration(options);
        }
        else
        {
            services.AddCustomEmbeddingGenerator(options);
        }

        var application = services.BuildServiceProvider();
        _applications.Add(application);
        return application;
    }
}
