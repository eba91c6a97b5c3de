using System.Diagnostics;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace Connectors.Custom.Tests.Reranking;

/// <summary>Reranking through <see cref="IReranker"/> over <c>rerank</c> and vLLM's <c>score</c>, against a loopback server.</summary>
public sealed class CustomRerankerTests : LoopbackTest
{
    private static readonly string[] s_documents = ["wind farms", "solar panels", "coal plants"];

    private CustomReranker Create(Action<CustomRerankerOptions>? configure = null)
    {
        var options = new CustomRerankerOptions { Endpoint = Server.BaseAddress, ModelId = "rerank-model" };
        options.Resilience.Retry.BaseDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new CustomReranker(options);
    }

    [Fact]
    public async Task Rerank_SendsTheJinaCohereShape_AndReturnsBestFirstWithTheTexts()
    {
        // Out of order on purpose: the connector sorts, whatever order the server used.
        Server.EnqueueBody("""{"model":"rerank-model","results":[{"index":2,"relevance_score":0.1},{"index":1,"relevance_score":0.9}],"usage":{"total_tokens":12}}""");
        using var reranker = Create();

        var result = await reranker.RerankAsync("solar power", s_documents, new RerankOptions { TopN = 2 });

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/rerank", request.Path);
        Assert.Equal("solar power", request.Json.GetProperty("query").GetString());
        Assert.Equal(s_documents, request.Json.GetProperty("documents").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, request.Json.GetProperty("top_n").GetInt32());
        Assert.False(request.Json.GetProperty("return_documents").GetBoolean());
        Assert.Equal([1, 2], result.Documents.Select(d => d.Index));
        Assert.Equal("solar panels", result.Documents[0].Document);
        Assert.Equal(0.9, result.Documents[0].RelevanceScore);
        Assert.Equal(12, result.Usage!.TotalTokenCount);
        Assert.Equal("rerank-model", result.ModelId);
    }

    [Fact]
    public async Task ScoreApi_SendsVllmsShape_AndAppliesTopNItself()
    {
        Server.EnqueueBody("""{"object":"list","data":[{"index":0,"object":"score","score":0.2},{"index":1,"object":"score","score":0.7},{"index":2,"object":"score","score":0.5}]}""");
        using var reranker = Create(o => o.Quirks.RerankApi = RerankApi.Score);

        var result = await reranker.RerankAsync("solar power", s_documents, new RerankOptions { TopN = 2 });

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/score", request.Path);
        Assert.Equal("solar power", request.Json.GetProperty("text_1").GetString());
        Assert.Equal(3, request.Json.GetProperty("text_2").GetArrayLength());
        Assert.False(request.Json.TryGetProperty("top_n", out _));
        Assert.Equal([1, 2], result.Documents.Select(d => d.Index));
    }

    [Fact]
    public async Task BadInput_IsRefusedBeforeSending()
    {
        using var reranker = Create(o => o.MaxDocuments = 2);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync("q", []));
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync("q", s_documents));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(" ", ["a"]));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync("q", ["a", null!]));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync("q", ["a"], new RerankOptions { TopN = 0 }));

        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDocuments", tooMany.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData("""{"results":[{"index":3,"relevance_score":0.5}]}""")]
    [InlineData("""{"results":[{"index":0,"relevance_score":0.5},{"index":0,"relevance_score":0.4}]}""")]
    [InlineData("""{"results":[{"index":0}]}""")]
    [InlineData("""{"ranking":[]}""")]
    public async Task WrongShapes_AreProtocolErrors(string body)
    {
        Server.EnqueueBody(body);
        using var reranker = Create(o => o.Resilience.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => reranker.RerankAsync("q", s_documents));

        Assert.Equal(CustomProtocolErrorKind.UnexpectedShape, error.Kind);
    }

    [Fact]
    public async Task Rerank_RetriesA503_ThenSucceeds()
    {
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", 503);
        Server.EnqueueBody("""{"results":[{"index":0,"relevance_score":0.5}]}""");
        using var reranker = Create();

        var result = await reranker.RerankAsync("q", ["a"]);

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(0, Assert.Single(result.Documents).Index);
    }

    [Fact]
    public async Task Rerank_RecordsAGenAIStyleSpan_WithTheEndpoint_OrTheErrorType()
    {
        using var telemetry = new TelemetryCapture(CustomTelemetry.SourceName);
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", 503);
        Server.EnqueueBody("""{"model":"span-rerank","results":[{"index":0,"relevance_score":0.5}],"usage":{"total_tokens":7}}""");
        Server.EnqueueBody("""{"error":{"message":"bad query"}}""", 400);
        using var reranker = Create(o => o.ModelId = "span-rerank");

        await reranker.RerankAsync("q", ["a", "b"]);
        await Assert.ThrowsAsync<CustomEndpointException>(() => reranker.RerankAsync("q", ["a"]));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync("q", []));

        // Listeners are process-wide: only this test's model counts. Refused input sends nothing and starts no span.
        var spans = telemetry.Activities.Where(a => a.OperationName == "rerank span-rerank").ToList();
        Assert.Equal(2, spans.Count);
        var ok = spans[0];
        Assert.Equal(ActivityKind.Client, ok.Kind);
        Assert.Equal("rerank", ok.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("span-rerank", ok.GetTagItem("gen_ai.request.model"));
        Assert.Equal("127.0.0.1", ok.GetTagItem("server.address"));
        Assert.Equal(Server.BaseAddress.Port, ok.GetTagItem("server.port"));
        Assert.Equal(2, ok.GetTagItem("connectors.custom.rerank.documents"));
        Assert.Equal(2, ok.GetTagItem("connectors.custom.attempts"));
        Assert.Equal(7L, ok.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Contains("127.0.0.1", (string)ok.GetTagItem("connectors.custom.endpoint")!, StringComparison.Ordinal);
        Assert.NotEqual(ActivityStatusCode.Error, ok.Status);
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
        Assert.Equal(typeof(CustomEndpointException).FullName, spans[1].GetTagItem("error.type"));
    }

    [Fact]
    public async Task Rerank_CancelledWhileWaiting_Throws()
    {
        using var reranker = Create();

        await AssertCancelledWhileWaitingAsync(token => reranker.RerankAsync("q", ["a"], cancellationToken: token));
    }

    [Fact]
    public async Task TextSearchResults_AreRerankedThroughTheRegisteredReranker_WithSearchUnitCost()
    {
        Server.EnqueueBody("""{"results":[{"index":2,"relevance_score":0.8},{"index":0,"relevance_score":0.3},{"index":1,"relevance_score":0.1}],"meta":{"billed_units":{"search_units":1}}}""");
        var builder = Kernel.CreateBuilder();
        builder.AddCustomReranker(new CustomRerankerOptions { Endpoint = Server.BaseAddress, ModelId = "rerank-model", Price = new ModelPrice { PerSearchUnit = 0.002m } }, serviceId: "rag");
        var kernel = builder.Build();
        var reranker = kernel.Services.GetRequiredKeyedService<IReranker>("rag");
        TextSearchResult[] found = [new("Wind is variable.") { Name = "wind" }, new("Coal is dirty.") { Name = "coal" }, new("Solar panels turn light into power.") { Name = "solar" }];

        var best = await reranker.RerankAsync("How does solar power work?", found.ToAsyncEnumerable(), topN: 2);

        Assert.Equal(["solar", "wind"], best.Select(r => r.Name));
        Assert.Same(found[2], best[0]);
        Assert.Equal(3, Server.Requests[0].Json.GetProperty("documents").GetArrayLength());
        Assert.Equal(0.002m, kernel.Services.GetRequiredService<ICustomUsageTracker>().GetSpent("rag"));
    }
}
