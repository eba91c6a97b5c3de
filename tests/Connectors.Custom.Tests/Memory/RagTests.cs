using Connectors.Custom.Tests.Infrastructure;
using Connectors.Custom.Tests.Memory.Stores;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace Connectors.Custom.Tests.Memory;

#pragma warning disable SKEXP0130 // TextSearchStore is experimental in SK 1.82; it is the RAG store these tests exercise.

/// <summary>
/// Retrieval-augmented generation: SK's <see cref="TextSearchStore{TKey}"/> finds documents with vectors from
/// <see cref="CustomEmbeddingGenerator"/>, and the chat connector carries them to the model. TextSearchStore (not
/// VectorStoreTextSearch) is used because it is the ready-made RAG store; it needs a <c>VectorStore</c>, which the
/// small <see cref="InMemoryVectorStore"/> provides. Chat and embeddings each get their own loopback server so that
/// scripted chat answers can never be consumed by an embeddings request.
/// </summary>
public sealed class RagTests : IAsyncLifetime
{
    private const string Query = "refund policy for returns";
    private const string Answer = "Returns are accepted within 30 days.";
    private const string Relevant = "Refund policy: returns are accepted within 30 days with a receipt";

    // Bag-of-words vectors: the query shares three words with the relevant document and none with these.
    private static readonly string[] Irrelevant = ["The cafeteria serves vegetarian lasagna every Thursday", "Visitors must badge in at the front desk"];

    private LoopbackServer _chat = null!;
    private LoopbackServer _embeddings = null!;

    public async Task InitializeAsync()
    {
        _chat = await LoopbackServer.StartAsync();
        _embeddings = (await LoopbackServer.StartAsync()).ServeEmbeddings();
    }

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        await _embeddings.DisposeAsync();
    }

    [Fact]
    public async Task InvokePromptAsync_SearchInPromptTemplate_SendsOnlyTheRelevantDocumentToTheModel()
    {
        _chat.EnqueueBody(Wire.Completion(Answer));
        using var store = new InMemoryVectorStore(CreateGenerator());
        using var search = await CreateSearchAsync(store);
        // Search (strings joined by new lines) rather than GetTextSearchResults: the basic template renders a list of
        // TextSearchResult with ToString(), i.e. as its type name, so the document text would never reach the model.
        var kernel = CreateKernel(search.CreateWithSearch("SearchPlugin"));

        var result = await kernel.InvokePromptAsync(
            "Answer from these notes:\n{{SearchPlugin.Search $query count='1'}}\nQuestion: {{$query}}",
            new KernelArguments { ["query"] = Query });

        Assert.Equal(Answer, result.GetValue<string>());
        var prompt = Assert.Single(Assert.Single(_chat.Requests).Json.GetProperty("messages").EnumerateArray().ToList()).GetProperty("content").GetString();
        Assert.Contains(Relevant, prompt, StringComparison.Ordinal);
        Assert.All(Irrelevant, text => Assert.DoesNotContain(text, prompt, StringComparison.Ordinal));
        AssertEmbeddedDocumentsThenQuery();
    }

    [Fact]
    public async Task InvokePromptAsync_ModelCallsSearchFunction_SendsTheRelevantDocumentAsToolResult()
    {
        _chat.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"call_1","type":"function","function":{"name":"SearchPlugin_GetTextSearchResults","arguments":"{\"query\":\"refund policy for returns\",\"count\":1}"}}]"""))
            .EnqueueBody(Wire.Completion(Answer));
        using var store = new InMemoryVectorStore(CreateGenerator());
        using var search = await CreateSearchAsync(store);
        var kernel = CreateKernel(search.CreateWithGetTextSearchResults("SearchPlugin"));

        var result = await kernel.InvokePromptAsync(
            "What is the refund policy?",
            new KernelArguments(new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal(Answer, result.GetValue<string>());
        Assert.Equal(2, _chat.Requests.Count);
        var tool = _chat.Requests[1].Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", tool.GetProperty("tool_call_id").GetString());
        var content = tool.GetProperty("content").GetString();
        Assert.Contains(Relevant, content, StringComparison.Ordinal);
        Assert.All(Irrelevant, text => Assert.DoesNotContain(text, content, StringComparison.Ordinal));
        AssertEmbeddedDocumentsThenQuery();
    }

    private CustomEmbeddingGenerator CreateGenerator() =>
        new(new CustomEmbeddingOptions { Endpoint = _embeddings.BaseAddress, ModelId = "embed-model" });

    private static async Task<TextSearchStore<string>> CreateSearchAsync(InMemoryVectorStore store)
    {
        var search = new TextSearchStore<string>(store, "documents", vectorDimensions: 64);
        await search.UpsertTextAsync([Relevant, .. Irrelevant]);
        return search;
    }

    private Kernel CreateKernel(KernelPlugin searchPlugin)
    {
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(Wire.Model, _chat.BaseAddress);
        builder.Plugins.Add(searchPlugin);
        return builder.Build();
    }

    // The documents are embedded in one batch when upserted, the query once when searched.
    private void AssertEmbeddedDocumentsThenQuery()
    {
        var requests = _embeddings.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.Equal([Relevant, .. Irrelevant], requests[0].Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Query, Assert.Single(requests[1].Json.GetProperty("input").EnumerateArray().ToList()).GetString());
    }
}
