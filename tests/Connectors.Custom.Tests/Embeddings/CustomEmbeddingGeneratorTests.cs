using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Embeddings;

public sealed class CustomEmbeddingGeneratorTests : LoopbackTest
{
    /// <summary>A vector that encodes its input, so tests can tell which vector answers which input.</summary>
    private static float[] Encode(string input) => [float.Parse(input.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 1f];

    private static List<string> Inputs(int count) => Enumerable.Range(0, count).Select(i => $"text {i}").ToList();

    private CustomEmbeddingGenerator CreateGenerator(Action<CustomEmbeddingOptions>? configure = null)
    {
        var options = new CustomEmbeddingOptions { Endpoint = Server.BaseAddress, ModelId = "embed-model" };
        configure?.Invoke(options);
        return new CustomEmbeddingGenerator(options);
    }

    [Fact]
    public async Task GenerateAsync_LargeCall_IsBatchedAndReassembledInInputOrder()
    {
        Server.ServeEmbeddings(Encode);

        var embeddings = await CreateGenerator(o => o.MaxInputsPerRequest = 1000).GenerateAsync(Inputs(4500));

        Assert.Equal(4500, embeddings.Count);
        Assert.Equal(Enumerable.Range(0, 4500).Select(i => (float)i), embeddings.Select(e => e.Vector.Span[0]));
        Assert.Equal(5, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.Equal(4500, Server.Requests.Sum(r => r.Json.GetProperty("input").GetArrayLength()));
        Assert.Equal(Server.Requests.Sum(r => r.Json.GetProperty("input").EnumerateArray().Sum(i => i.GetString()!.Length / 4 + 1)), embeddings.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_ReversedItems_AreOrderedByIndex()
    {
        Server.SetFallback(async (context, body) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(EmbeddingServer.Respond(body, Encode, reverseOrder: true));
        });

        var embeddings = await CreateGenerator().GenerateAsync(Inputs(10));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), embeddings.Select(e => e.Vector.Span[0]));
    }

    [Fact]
    public async Task GenerateAsync_BatchesRunWithBoundedParallelism()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var threeAtOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.SetFallback(async (context, body) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now == 3)
            {
                threeAtOnce.TrySetResult();
            }

            // The first requests are held until three are in flight together (only parallel batches get there).
            await threeAtOnce.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Interlocked.Decrement(ref inFlight);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(EmbeddingServer.Respond(body, Encode));
        });

        await CreateGenerator(o => { o.MaxInputsPerRequest = 10; o.MaxParallelRequests = 3; }).GenerateAsync(Inputs(120));

        Assert.Equal(12, Server.Requests.Count);
        Assert.Equal(3, maxInFlight);
    }

    [Fact]
    public async Task GenerateAsync_AsksForBase64ByDefault_AndReadsFloatsIfTheServerIgnoresIt()
    {
        Server.SetFallback(async (context, body) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(EmbeddingServer.Respond(body, Encode, forceFloat: true));
        });

        var embeddings = await CreateGenerator().GenerateAsync(Inputs(3));

        Assert.Equal("base64", Server.Requests[0].Json.GetProperty("encoding_format").GetString());
        Assert.Equal([0f, 1f, 2f], embeddings.Select(e => e.Vector.Span[0]));
    }

    [Fact]
    public async Task GenerateAsync_ServerRejectingBase64_IsAskedForFloatsOnceAndRemembered()
    {
        Server.EnqueueBody("""{"error":{"message":"Invalid value for 'encoding_format': must be 'float'","type":"invalid_request_error","param":"encoding_format"}}""", 400);
        Server.ServeEmbeddings(Encode);
        var generator = CreateGenerator();

        var first = await generator.GenerateAsync(Inputs(2));
        await generator.GenerateAsync(Inputs(2));

        Assert.Equal([0f, 1f], first.Select(e => e.Vector.Span[0]));
        Assert.Equal(["base64", "float", "float"], Server.Requests.Select(r => r.Json.GetProperty("encoding_format").GetString()));
    }

    [Fact]
    public async Task GenerateAsync_OtherBadRequests_AreNotRetried()
    {
        Server.EnqueueBody("""{"error":{"message":"input too long"}}""", 400);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateGenerator().GenerateAsync(Inputs(1)));

        Assert.Contains("input too long", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_FloatPinned_NeverAsksForBase64()
    {
        Server.ServeEmbeddings(Encode);

        await CreateGenerator(o => o.EncodingFormat = EmbeddingEncodingFormat.Float).GenerateAsync(Inputs(1));

        Assert.Equal("float", Server.Requests[0].Json.GetProperty("encoding_format").GetString());
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_SendsNothing()
    {
        var embeddings = await CreateGenerator().GenerateAsync([]);

        Assert.Empty(embeddings);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_EmptyStrings_AreRejectedBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateGenerator().GenerateAsync(["a", "", "b"]));

        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Dimensions_AreSentOnlyWhenConfigured_AndExposedAsMetadata()
    {
        Server.ServeEmbeddings(text => EmbeddingServer.BagOfWords(text, 8));
        var configured = CreateGenerator(o => o.Dimensions = 8);
        var observed = CreateGenerator();

        Assert.Null(observed.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        await configured.GenerateAsync(["a"]);
        await observed.GenerateAsync(["a"]);

        Assert.Equal(8, Server.Requests[0].Json.GetProperty("dimensions").GetInt32());
        Assert.False(Server.Requests[1].Json.TryGetProperty("dimensions", out _));
        Assert.Equal(8, configured.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.Equal(8, observed.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.Equal("embed-model", observed.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task Dimensions_AVectorOfAnotherSizeLater_IsAClearError()
    {
        var size = 8;
        Server.ServeEmbeddings(text => EmbeddingServer.BagOfWords(text, size));
        var generator = CreateGenerator();
        await generator.GenerateAsync(["a"]);
        size = 16;

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => generator.GenerateAsync(["a"]));

        Assert.Contains("16 dimensions; expected 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_AdditionalPropertiesPassThrough()
    {
        Server.ServeEmbeddings(Encode);

        await CreateGenerator().GenerateAsync(Inputs(1), new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "query", ["truncate"] = "END" } });

        Assert.Equal("query", Server.Requests[0].Json.GetProperty("input_type").GetString());
        Assert.Equal("END", Server.Requests[0].Json.GetProperty("truncate").GetString());
    }

    [Fact]
    public async Task ErrorObjectWithSuccessStatus_Throws()
    {
        Server.EnqueueBody("""{"error":"'input_type' parameter is required for asymmetric models"}""");

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateGenerator().GenerateAsync(Inputs(1)));

        Assert.True(error.IsInBandError);
        Assert.Contains("input_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embeddings_CarryTheServedModelId()
    {
        Server.ServeEmbeddings(Encode);

        var embeddings = await CreateGenerator().GenerateAsync(Inputs(1));

        Assert.Equal("embed-model", embeddings[0].ModelId);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
