using System.Net;
using System.Numerics.Tensors;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The embedding seam, and the real MiniLM model behind it.</summary>
public sealed class EmbeddingBackendTests
{
    [Fact]
    public async Task Backend_ComputesTheVectors_AndFixesTheirLength()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { EmbeddingBackend = new LengthBackend(), EmbeddingDimensions = 99 });
        using var generator = Clients.Embeddings(server, EmbeddingEncodingFormat.Base64);

        var vectors = await generator.GenerateAsync(["a", "abc"]);

        Assert.Equal([1f, 0f, 0f], vectors[0].Vector.ToArray());
        Assert.Equal([3f, 0f, 0f], vectors[1].Vector.ToArray());
    }

    [Fact]
    public async Task Backend_RejectsOtherDimensions()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { EmbeddingBackend = new LengthBackend() });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json("""{"input":"a","dimensions":8}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("3 dimensions", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [MiniLmFact]
    public async Task MiniLm_RelatedSentencesScoreHigherThanUnrelatedOnes()
    {
        using var model = new MiniLmEmbeddingBackend();
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { EmbeddingBackend = model, EmbeddingModelId = MiniLmEmbeddingBackend.ModelId });
        using var generator = Clients.Embeddings(server, EmbeddingEncodingFormat.Base64);

        var vectors = await generator.GenerateAsync(
        [
            "The cat is sleeping on the sofa.",
            "A kitten naps on the couch.",
            "Interest rates rose again this quarter.",
            "The central bank increased borrowing costs.",
        ]);

        float Similarity(int a, int b) => TensorPrimitives.CosineSimilarity(vectors[a].Vector.Span, vectors[b].Vector.Span);
        Assert.All(vectors, v => Assert.Equal(384, v.Vector.Length));
        Assert.True(Similarity(0, 1) > Similarity(0, 2) + 0.2f, $"cat/kitten {Similarity(0, 1)} vs cat/rates {Similarity(0, 2)}");
        Assert.True(Similarity(2, 3) > Similarity(1, 3) + 0.2f, $"rates/bank {Similarity(2, 3)} vs kitten/bank {Similarity(1, 3)}");
        Assert.Equal(vectors[0].Vector.ToArray(), (await generator.GenerateAsync(["The cat is sleeping on the sofa."]))[0].Vector.ToArray());
    }

    private sealed class LengthBackend : IEmbeddingBackend
    {
        public int Dimensions => 3;

        public float[][] Embed(IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
            inputs.Select(i => new float[] { i.Length, 0, 0 }).ToArray();
    }
}
