using System.Numerics.Tensors;
using Connectors.Custom.Tests.Infrastructure;
using Connectors.Custom.Tests.Memory.Stores;
using Microsoft.SemanticKernel.Memory;

namespace Connectors.Custom.Tests.Memory;

/// <summary>SK's older <see cref="ISemanticTextMemory"/> (built by <see cref="MemoryBuilder"/>) over
/// <see cref="CustomTextEmbeddingGenerationService"/>, with every vector coming from the loopback embeddings endpoint.</summary>
public sealed class SemanticTextMemoryTests : LoopbackTest
{
    private const string Collection = "facts";
    private const string Query = "tallest mountain in Japan";

    // Bag-of-words vectors make the query share three words with Fuji, one with Paris ("in") and none with penguins.
    private static readonly (string Id, string Text)[] Facts =
    [
        ("paris", "The Eiffel Tower stands in Paris"),
        ("fuji", "Mount Fuji is the tallest mountain in Japan"),
        ("penguins", "Penguins live near Antarctica"),
    ];

    [Fact]
    public async Task SearchAsync_QuerySharingWordsWithOneFact_RanksThatFactFirstWithItsCosineScore()
    {
        var memory = await SaveFactsAsync();

        var results = await memory.SearchAsync(Collection, Query, limit: 3, minRelevanceScore: 0.1).ToListAsync();

        // Penguins score 0 and fall under the minimum; Fuji must beat Paris.
        Assert.Equal(["fuji", "paris"], results.Select(r => r.Metadata.Id));
        Assert.Equal(Facts[1].Text, results[0].Metadata.Text);
        Assert.Equal(Cosine(Query, Facts[1].Text), results[0].Relevance, 5);
        Assert.Equal(Cosine(Query, Facts[0].Text), results[1].Relevance, 5);
        Assert.InRange(results[0].Relevance, 0.5, 1.0);
        Assert.InRange(results[1].Relevance, 0.1, results[0].Relevance);
    }

    [Fact]
    public async Task SaveAndSearch_EveryText_IsEmbeddedByOneRequestToTheEmbeddingsEndpointWithTheModel()
    {
        var memory = await SaveFactsAsync();

        _ = await memory.SearchAsync(Collection, Query).ToListAsync();

        // SemanticTextMemory embeds one text per call: three saves, then the query.
        var requests = Server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.All(requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.All(requests, r => Assert.Equal("embed-model", r.Json.GetProperty("model").GetString()));
        var inputs = requests.Select(r => Assert.Single(r.Json.GetProperty("input").EnumerateArray().ToList()).GetString());
        Assert.Equal([.. Facts.Select(f => f.Text), Query], inputs);
    }

    [Fact]
    public async Task SearchAsync_WithEmbeddings_ReturnsTheServerVectorOf64Dimensions()
    {
        var memory = await SaveFactsAsync();

        var best = await memory.SearchAsync(Collection, Query, withEmbeddings: true).SingleAsync();

        // The vector travelled as base64; it must arrive bit for bit, in the size the server chose.
        Assert.NotNull(best.Embedding);
        Assert.Equal(64, best.Embedding.Value.Length);
        Assert.Equal(EmbeddingServer.BagOfWords(Facts[1].Text), best.Embedding.Value.ToArray());
    }

    private async Task<ISemanticTextMemory> SaveFactsAsync()
    {
        Server.ServeEmbeddings();
        var memory = new MemoryBuilder()
            .WithTextEmbeddingGeneration(new CustomTextEmbeddingGenerationService(new CustomEmbeddingOptions { Endpoint = Server.BaseAddress, ModelId = "embed-model" }))
            .WithMemoryStore(new InMemoryMemoryStore())
            .Build();
        foreach (var (id, text) in Facts)
        {
            await memory.SaveInformationAsync(Collection, text, id);
        }

        return memory;
    }

    private static double Cosine(string a, string b) =>
        TensorPrimitives.CosineSimilarity(EmbeddingServer.BagOfWords(a), EmbeddingServer.BagOfWords(b));
}
