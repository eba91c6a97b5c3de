using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Embeddings;

namespace Connectors.Custom.Tests.SemanticKernel;

#pragma warning disable CS0618 // ITextEmbeddingGenerationService is obsolete in SK, and is exactly what these tests cover.

public sealed class EmbeddingRegistrationTests : LoopbackTest
{
    [Fact]
    public async Task AddCustomEmbeddingGenerator_RegistersAKeyedGeneratorWithDimensions()
    {
        Server.ServeEmbeddings(text => EmbeddingServer.BagOfWords(text, 16));
        var kernel = Kernel.CreateBuilder()
            .AddCustomEmbeddingGenerator("embed-a", Server.BaseAddress, dimensions: 16, serviceId: "a")
            .AddCustomEmbeddingGenerator("embed-b", Server.BaseAddress, serviceId: "b")
            .Build();

        var generator = kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("a");
        var vector = await generator.GenerateVectorAsync("hello world");

        Assert.Equal(16, vector.Length);
        Assert.Equal("embed-a", Server.Requests[0].Json.GetProperty("model").GetString());
        Assert.Equal(16, Server.Requests[0].Json.GetProperty("dimensions").GetInt32());
        Assert.Equal("embed-b", kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("b").GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task AddCustomTextEmbeddingGeneration_RegistersSksOlderInterface()
    {
        Server.ServeEmbeddings();
        var kernel = Kernel.CreateBuilder().AddCustomTextEmbeddingGeneration("embed", Server.BaseAddress, apiKey: "k").Build();

        var service = kernel.GetRequiredService<ITextEmbeddingGenerationService>();
        var vectors = await service.GenerateEmbeddingsAsync(["one", "two"]);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(EmbeddingServer.BagOfWords("two"), vectors[1].ToArray());
        Assert.Equal("embed", service.Attributes["ModelId"]);
        Assert.Equal("Bearer k", Server.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task Configuration_RegistersFromASection()
    {
        Server.ServeEmbeddings();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Embeddings:Endpoint"] = Server.BaseAddress.ToString(),
            ["Embeddings:ModelId"] = "cfg-embed",
            ["Embeddings:EncodingFormat"] = "Float",
            ["Embeddings:MaxInputsPerRequest"] = "2",
        }).Build();
        var services = new ServiceCollection().AddCustomEmbeddingGenerator(configuration.GetSection("Embeddings")).BuildServiceProvider();

        await services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["a", "b", "c"]);

        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal("float", r.Json.GetProperty("encoding_format").GetString()));
    }

    [Fact]
    public void InvalidSettings_FailAtRegistrationNamingThem()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Kernel.CreateBuilder().AddCustomEmbeddingGenerator(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = "m";
            o.MaxInputsPerRequest = 0;
        }));

        Assert.Contains("MaxInputsPerRequest", error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Kernel.CreateBuilder().AddCustomTextEmbeddingGeneration("m", Server.BaseAddress, dimensions: 0));
    }

    [Fact]
    public void Environment_NamesTheEmbeddingModelVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomOptionsReader.FromEnvironment(new CustomEmbeddingOptions(), name => name == "CUSTOM_BASE_URL" ? "http://localhost:1/v1" : null, CustomOptionsReader.EmbeddingModelVariable));

        Assert.StartsWith("The environment variable CUSTOM_EMBEDDING_MODEL must be set", error.Message, StringComparison.Ordinal);
    }
}
