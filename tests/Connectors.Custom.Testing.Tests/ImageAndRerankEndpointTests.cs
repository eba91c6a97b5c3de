using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The image and reranking endpoints of the local server, read raw and through the connector.</summary>
public sealed class ImageAndRerankEndpointTests
{
    [Fact]
    public async Task Images_AreValidPngsOfTheRequestedSize_DeterministicFromThePrompt()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, body) = await RawHttp.PostAsync(server, "/images/generations", """{"model":"m","prompt":"a red fox","n":2,"size":"64x32","response_format":"b64_json"}""");
        var again = await RawHttp.PostAsync(server, "/images/generations", """{"prompt":"a red fox","size":"64x32"}""");

        Assert.Equal(200, status);
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        var first = data[0].GetProperty("b64_json").GetBytesFromBase64();
        var second = data[1].GetProperty("b64_json").GetBytesFromBase64();
        AssertValidPng(first, 64, 32);
        AssertValidPng(second, 64, 32);
        Assert.NotEqual(first, second);
        Assert.Equal(first, JsonDocument.Parse(again.Body).RootElement.GetProperty("data")[0].GetProperty("b64_json").GetBytesFromBase64());
        Assert.Equal(2, server.Statistics.ImageGenerations);
    }

    [Fact]
    public async Task Images_TakeXaisAspectRatio_WithTheLongSideAt1024()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, body) = await RawHttp.PostAsync(server, "/images/generations", """{"prompt":"a wide valley","aspect_ratio":"16:9"}""");

        Assert.Equal(200, status);
        AssertValidPng(JsonDocument.Parse(body).RootElement.GetProperty("data")[0].GetProperty("b64_json").GetBytesFromBase64(), 1024, 576);
    }

    [Theory]
    [InlineData("""{"size":"64x64"}""", "prompt\\u0027 is required")]
    [InlineData("""{"prompt":"x","size":"64x64","aspect_ratio":"1:1"}""", "not both")]
    [InlineData("""{"prompt":"x","size":"5000x10"}""", "at most 2048")]
    [InlineData("""{"prompt":"x","response_format":"url"}""", "b64_json only")]
    public async Task Images_InvalidRequests_Get400NamingTheProblem(string body, string expected)
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, text) = await RawHttp.PostAsync(server, "/images/generations", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_WithoutAModel_RanksAnExactRepeatFirst_AndCutsToTopN()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, body) = await RawHttp.PostAsync(server, "/rerank", """{"query":"solar power","documents":["wind farms","solar power",{"text":"coal"}],"top_n":2,"return_documents":true}""");

        Assert.Equal(200, status);
        var results = JsonDocument.Parse(body).RootElement.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal(1, results[0].GetProperty("index").GetInt32());
        Assert.Equal(1.0, results[0].GetProperty("relevance_score").GetDouble(), 5);
        Assert.Equal("solar power", results[0].GetProperty("document").GetProperty("text").GetString());
        Assert.True(results[0].GetProperty("relevance_score").GetDouble() >= results[1].GetProperty("relevance_score").GetDouble());
        Assert.Equal(1, server.Statistics.Reranks);
    }

    [Fact]
    public async Task Score_AnswersEveryDocumentInInputOrder_InVllmsShape()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, body) = await RawHttp.PostAsync(server, "/score", """{"model":"m","text_1":"tea","text_2":["coffee","tea","water"]}""");

        Assert.Equal(200, status);
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.Equal([0, 1, 2], data.EnumerateArray().Select(d => d.GetProperty("index").GetInt32()));
        Assert.All(data.EnumerateArray(), d => Assert.Equal("score", d.GetProperty("object").GetString()));
        Assert.Equal(1.0, data[1].GetProperty("score").GetDouble(), 5);
    }

    [Theory]
    [InlineData("/rerank", """{"query":"q","documents":[]}""", "at least one document")]
    [InlineData("/rerank", """{"documents":["a"]}""", "query\\u0027 is required")]
    [InlineData("/score", """{"text_1":"q"}""", "text_2\\u0027 is required")]
    public async Task Rerank_InvalidRequests_Get400(string path, string body, string expected)
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (status, text) = await RawHttp.PostAsync(server, path, body);

        Assert.Equal(400, status);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_ApplyToImagesAndRerank()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.ServerError);

        var image = await RawHttp.PostAsync(server, "/images/generations", """{"prompt":"x","size":"8x8"}""");
        var rerank = await RawHttp.PostAsync(server, "/rerank", """{"query":"q","documents":["a"]}""");

        Assert.InRange(image.Status, 500, 599);
        Assert.InRange(rerank.Status, 500, 599);
        Assert.Equal(2, server.Statistics.GetFaultCount(FaultKind.ServerError));
    }

    [MiniLmFact]
    public async Task Rerank_WithMiniLm_PutsTheRelatedDocumentFirst_ThroughTheConnector()
    {
        using var model = new MiniLmEmbeddingBackend();
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { EmbeddingBackend = model });
        using var reranker = new CustomReranker(new CustomRerankerOptions { Endpoint = server.BaseAddress, ModelId = "local-rerank" });

        var result = await reranker.RerankAsync(
            "How do I reset my password?",
            ["Our office is closed on public holidays.", "To change a forgotten password, use the 'Forgot password' link on the sign-in page.", "Invoices are sent monthly."],
            new RerankOptions { TopN = 2 });

        Assert.Equal(2, result.Documents.Count);
        Assert.Equal(1, result.Documents[0].Index);
        Assert.True(result.Documents[0].RelevanceScore > result.Documents[1].RelevanceScore + 0.2, $"{result.Documents[0].RelevanceScore} vs {result.Documents[1].RelevanceScore}");
    }

    /// <summary>Checks the PNG structure byte by byte: signature, IHDR with the size, every chunk's CRC, and an IDAT
    /// that inflates to exactly one filter byte plus three bytes per pixel per row.</summary>
    private static void AssertValidPng(byte[] png, int width, int height)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        var types = new List<string>();
        byte[]? idat = null;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length)), crc);
            if (type == "IHDR")
            {
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(data));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(data[4..]));
            }

            if (type == "IDAT")
            {
                idat = data.ToArray();
            }

            types.Add(type);
            offset += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(idat!), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.Equal(height * (1 + (width * 3)), inflated.Length);
    }
}
