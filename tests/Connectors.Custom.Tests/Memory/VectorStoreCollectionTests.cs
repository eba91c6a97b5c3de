using System.Numerics.Tensors;
using Connectors.Custom.Tests.Infrastructure;
using Connectors.Custom.Tests.Memory.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Connectors.Custom.Tests.Memory;

/// <summary>A Microsoft.Extensions.VectorData collection whose vector property holds source text, turned into vectors by
/// <see cref="CustomEmbeddingGenerator"/> over HTTP when records are upserted and when text is searched.</summary>
public sealed class VectorStoreCollectionTests : LoopbackTest
{
    private const string Query = "tallest mountain in Japan";

    private static readonly Note[] Notes =
    [
        new() { Id = "paris", Text = "The Eiffel Tower stands in Paris" },
        new() { Id = "fuji", Text = "Mount Fuji is the tallest mountain in Japan" },
        new() { Id = "penguins", Text = "Penguins live near Antarctica" },
    ];

    [Fact]
    public async Task SearchAsync_TextQuery_ReturnsMostSimilarRecordFirst()
    {
        // The generator sits on the vector property, MEVD's most specific place for it; the store has none.
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, Note>("notes", Definition(propertyGenerator: CreateGenerator()));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Notes);

        var results = await collection.SearchAsync(Query, top: 2).ToListAsync();

        Assert.Equal(["fuji", "paris"], results.Select(r => r.Record.Id));
        Assert.Equal(Cosine(Query, Notes[1].Text), results[0].Score!.Value, 5);
        Assert.True(results[0].Score > results[1].Score);

        // One request embeds the whole upsert batch, in record order; the query goes in a second one.
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Notes.Select(n => n.Text), Server.Requests[0].Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Query, Assert.Single(Server.Requests[1].Json.GetProperty("input").EnumerateArray().ToList()).GetString());
    }

    [Fact]
    public async Task UpsertAsync_TextVectorProperty_StoresTheServerVectorOf64DimensionsForEachRecord()
    {
        // The generator is the store-wide default here, the fallback MEVD uses when the definition names none.
        using var store = new InMemoryVectorStore(CreateGenerator());
        var collection = (InMemoryVectorCollection<string, Note>)store.GetCollection<string, Note>("notes", Definition());
        await collection.EnsureCollectionExistsAsync();

        await collection.UpsertAsync(Notes);

        foreach (var note in Notes)
        {
            var vector = collection.GetStoredVector(note.Id);
            Assert.NotNull(vector);
            Assert.Equal(64, vector.Value.Length);
            Assert.Equal(EmbeddingServer.BagOfWords(note.Text), vector.Value.ToArray());
        }

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("embed-model", request.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task GetAsync_UpsertedKey_ReturnsTheRecordWithoutEmbeddingAgain()
    {
        using var store = new InMemoryVectorStore(CreateGenerator());
        var collection = store.GetCollection<string, Note>("notes", Definition());
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Notes);

        var fuji = await collection.GetAsync("fuji");
        var missing = await collection.GetAsync("atlantis");

        Assert.Equal(Notes[1].Text, fuji?.Text);
        Assert.Null(missing);
        Assert.Single(Server.Requests);
    }

    private CustomEmbeddingGenerator CreateGenerator()
    {
        Server.ServeEmbeddings();
        return new CustomEmbeddingGenerator(new CustomEmbeddingOptions { Endpoint = Server.BaseAddress, ModelId = "embed-model" });
    }

    private static VectorStoreCollectionDefinition Definition(IEmbeddingGenerator? propertyGenerator = null) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Note.Id), typeof(string)),
            new VectorStoreDataProperty(nameof(Note.Text), typeof(string)),
            new VectorStoreVectorProperty(nameof(Note.Embedding), typeof(string), dimensions: 64) { EmbeddingGenerator = propertyGenerator },
        ],
    };

    private static double Cosine(string a, string b) =>
        TensorPrimitives.CosineSimilarity(EmbeddingServer.BagOfWords(a), EmbeddingServer.BagOfWords(b));

    private sealed class Note
    {
        public string Id { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;

        // The vector property holds the text to embed; the store keeps the generated vector beside the record.
        public string Embedding => Text;
    }
}
