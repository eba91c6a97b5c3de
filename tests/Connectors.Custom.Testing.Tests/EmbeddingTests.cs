using System.Net;
using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

public sealed class EmbeddingTests
{
    private static readonly string[] s_inputs = ["the cat sat", "on the mat", "the cat sat", "ünïcödé ✓"];

    [Fact]
    public async Task FloatAndBase64_GiveIdenticalUnitVectorsOfDefaultLength()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var floats = Clients.Embeddings(server, EmbeddingEncodingFormat.Float);
        using var base64 = Clients.Embeddings(server, EmbeddingEncodingFormat.Base64);

        var fromFloats = await floats.GenerateAsync(s_inputs);
        var fromBase64 = await base64.GenerateAsync(s_inputs);

        Assert.Equal(s_inputs.Length, fromFloats.Count);
        for (var i = 0; i < s_inputs.Length; i++)
        {
            var vector = fromFloats[i].Vector.ToArray();
            Assert.Equal(384, vector.Length);
            Assert.Equal(vector, fromBase64[i].Vector.ToArray());
            Assert.Equal(LocalOpenAIServer.CreateEmbedding(s_inputs[i]), vector);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
        }

        Assert.Equal(fromFloats[0].Vector.ToArray(), fromFloats[2].Vector.ToArray());
        Assert.NotEqual(fromFloats[0].Vector.ToArray(), fromFloats[1].Vector.ToArray());
        Assert.Equal(2, server.Statistics.Embeddings);
        Assert.Contains("\"encoding_format\":\"base64\"", server.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vectors_AreTheSameFromAnotherServer()
    {
        await using var first = await LocalOpenAIServer.StartAsync();
        await using var second = await LocalOpenAIServer.StartAsync();
        using var a = Clients.Embeddings(first, EmbeddingEncodingFormat.Float);
        using var b = Clients.Embeddings(second, EmbeddingEncodingFormat.Base64);

        Assert.Equal((await a.GenerateAsync(["stable"]))[0].Vector.ToArray(), (await b.GenerateAsync(["stable"]))[0].Vector.ToArray());
    }

    [Fact]
    public void CreateEmbedding_IsPinned()
    {
        // The values are part of the contract: tests elsewhere may have stored them.
        var vector = LocalOpenAIServer.CreateEmbedding("hello", 4);

        Assert.Equal(LocalOpenAIServer.CreateEmbedding("hello", 4), vector);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 6);
        Assert.NotEqual(vector, LocalOpenAIServer.CreateEmbedding("hello!", 4));
    }

    [Fact]
    public async Task Dimensions_FromOptionsAndFromTheRequest()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { EmbeddingDimensions = 16 });
        using var http = Clients.Raw();

        using var byDefault = JsonDocument.Parse(await (await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json("""{"input":"x"}"""))).Content.ReadAsStringAsync());
        using var asked = JsonDocument.Parse(await (await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json("""{"input":["x"],"dimensions":8,"encoding_format":"float"}"""))).Content.ReadAsStringAsync());

        Assert.Equal(16, byDefault.RootElement.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());
        Assert.Equal(8, asked.RootElement.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());
        Assert.Equal("local-embedding", byDefault.RootElement.GetProperty("model").GetString());
        Assert.Equal(1, byDefault.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"input":[]}""")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"input":"x","encoding_format":"int8"}""")]
    [InlineData("""{"input":"x","dimensions":0}""")]
    public async Task InvalidRequest_Gives400(string body)
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request_error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
