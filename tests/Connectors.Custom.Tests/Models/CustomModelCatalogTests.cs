using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Connectors.Custom.Tests.Infrastructure;

namespace Connectors.Custom.Tests.Models;

/// <summary>Model discovery over a real socket: the list shapes servers answer with, bad answers as typed errors, and
/// the same resilience pipeline as chat and embeddings.</summary>
public sealed class CustomModelCatalogTests : LoopbackTest
{
    private const string Key = "sk-models-secret-key";

    private CustomModelCatalog CreateCatalog(Action<CustomModelCatalogOptions>? configure = null)
    {
        var options = new CustomModelCatalogOptions { Endpoint = Server.BaseAddress, ApiKey = Key };
        options.Resilience.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.Retry.UseJitter = false;
        configure?.Invoke(options);
        return new CustomModelCatalog(options);
    }

    [Fact]
    public async Task ListModelsAsync_OpenAIShape_ReadsIdOwnerAndCreated_WithAnAuthenticatedGet()
    {
        Server.EnqueueBody("""{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},{"id":"text-embedding-3-small","object":"model","created":1705948997,"owned_by":"openai"}]}""");
        using var catalog = CreateCatalog();

        var models = await catalog.ListModelsAsync();

        Assert.Equal(
            [
                new CustomModelInfo("gpt-4o") { OwnedBy = "system", Created = DateTimeOffset.FromUnixTimeSeconds(1715367049) },
                new CustomModelInfo("text-embedding-3-small") { OwnedBy = "openai", Created = DateTimeOffset.FromUnixTimeSeconds(1705948997) },
            ],
            models);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/models", request.Path);
        Assert.Equal("Bearer " + Key, request.Headers["Authorization"]);
    }

    [Theory]
    [InlineData("""{"object":"list","data":[{"id":"Qwen/Qwen3-8B","object":"model","created":1,"owned_by":"vllm","root":"Qwen/Qwen3-8B","parent":null,"max_model_len":40960,"permission":[]}]}""", "Qwen/Qwen3-8B", "vllm", 40960)] // vLLM
    [InlineData("""[{"id":"meta-llama/Llama-3-8b-chat-hf","object":"model","created":1,"type":"chat","context_length":8192}]""", "meta-llama/Llama-3-8b-chat-hf", null, 8192)] // Together: a bare array
    [InlineData("""{"object":"list","data":[{"id":"llama-3.1-8b-instant","object":"model","created":1,"owned_by":"Meta","active":true,"context_window":131072}]}""", "llama-3.1-8b-instant", "Meta", 131072)] // Groq
    [InlineData("""{"data":[{"id":"openai/gpt-4o","canonical_slug":"openai/gpt-4o","name":"OpenAI: GPT-4o","created":1,"context_length":128000,"pricing":{"prompt":"0.0000025"}}]}""", "openai/gpt-4o", null, 128000)] // OpenRouter: no owned_by
    [InlineData("""{"object":"list","data":[{"id":"mistral-small-latest","object":"model","created":1,"owned_by":"mistralai","max_context_length":32768}]}""", "mistral-small-latest", "mistralai", 32768)] // Mistral
    [InlineData("""{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189}]}""", "llama3.2:latest", null, null)] // Ollama's native list
    [InlineData("""{"object":"list","data":[{"id":"/models/qwen.gguf","object":"model","created":1,"owned_by":"llamacpp","meta":{"n_ctx_train":32768}}]}""", "/models/qwen.gguf", "llamacpp", null)] // llama.cpp: n_ctx_train is the training length, not the served one
    public async Task ListModelsAsync_ReadsEachServersShape(string body, string id, string? owner, int? contextLength)
    {
        Server.EnqueueBody(body);
        using var catalog = CreateCatalog();

        var model = Assert.Single(await catalog.ListModelsAsync());

        Assert.Equal(id, model.Id);
        Assert.Equal(owner, model.OwnedBy);
        Assert.Equal(contextLength, model.ContextLength);
    }

    [Fact]
    public async Task ListModelsAsync_SkipsItemsWithoutAnId_ListsARepeatedIdOnce_AndIgnoresAnUnreadableDate()
    {
        Server.EnqueueBody("""{"data":["a",{"id":"b","created":"yesterday"},{"object":"model"},{"id":"a"},{"id":""},{"id":"c","created":99999999999999}]}""");
        using var catalog = CreateCatalog();

        var models = await catalog.ListModelsAsync();

        Assert.Equal(["a", "b", "c"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Null(m.Created));
    }

    [Fact]
    public async Task ListModelsAsync_EmptyList_IsEmpty()
    {
        Server.EnqueueBody("""{"object":"list","data":[]}""");
        using var catalog = CreateCatalog();

        Assert.Empty(await catalog.ListModelsAsync());
    }

    [Theory]
    [InlineData("""{"object":"list","data":[{"id":"a"}""", CustomProtocolErrorKind.MalformedJson)]
    [InlineData("<html>Bad gateway</html>", CustomProtocolErrorKind.MalformedJson)]
    [InlineData("""{"object":"list","data":{"id":"a"}}""", CustomProtocolErrorKind.UnexpectedShape)]
    [InlineData("42", CustomProtocolErrorKind.UnexpectedShape)]
    public async Task ListModelsAsync_AnswerThatIsNoModelList_IsAProtocolError(string body, CustomProtocolErrorKind kind)
    {
        Server.EnqueueBody(body);
        using var catalog = CreateCatalog(o => o.Resilience.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => catalog.ListModelsAsync());

        Assert.Equal(kind, error.Kind);
        Assert.Contains("model list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelsAsync_ErrorBodyWithSuccessStatus_IsAnInBandEndpointError_WithTheServersText()
    {
        // LM Studio answers an unknown route (a doubled /v1/v1) with HTTP 200 and {"error": "..."}.
        Server.EnqueueBody("""{"error":"Unexpected endpoint or method. (GET /v1/v1/models)"}""");
        using var catalog = CreateCatalog(o => o.Resilience.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => catalog.ListModelsAsync());

        Assert.True(error.IsInBandError);
        Assert.Contains("Unexpected endpoint or method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelsAsync_TransientFailure_IsRetried_AndAClientErrorIsNot()
    {
        Server.EnqueueBody("""{"error":{"message":"overloaded","type":"server_error"}}""", status: 503);
        Server.EnqueueBody("""{"data":[{"id":"m"}]}""");
        Server.EnqueueBody("""{"error":{"message":"Invalid API key","type":"invalid_request_error"}}""", status: 401);
        using var catalog = CreateCatalog(o => o.Resilience.Retry.MaxRetries = 2);

        var models = await catalog.ListModelsAsync();
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => catalog.ListModelsAsync());

        Assert.Equal("m", Assert.Single(models).Id);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(3, Server.Requests.Count);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelsAsync_FailsOverToABackup()
    {
        await using var backup = await LoopbackServer.StartAsync();
        backup.EnqueueBody("""{"data":[{"id":"from-backup"}]}""");
        Server.EnqueueBody("{}", status: 503);
        using var catalog = CreateCatalog(o =>
        {
            o.Resilience.Retry.MaxRetries = 0;
            o.Backups.Add(new CustomModelCatalogOptions { Endpoint = backup.BaseAddress });
        });

        var models = await catalog.ListModelsAsync();

        Assert.Equal("from-backup", Assert.Single(models).Id);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ListModelsAsync_CancelledWhileWaiting_Throws()
    {
        var answered = new TaskCompletionSource();
        Server.Enqueue(async context =>
        {
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.WriteAsync("{\"data\":[]}");
        });
        using var catalog = CreateCatalog();
        using var cancellation = new CancellationTokenSource();

        var listing = catalog.ListModelsAsync(cancellation.Token);
        await WaitForRequestsAsync(1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);
        answered.SetResult();
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ListModelsAsync_RecordsASpan_WithTheCountOrTheErrorType()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CustomTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("models ", StringComparison.Ordinal))
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        Server.EnqueueBody("""{"data":[{"id":"a"},{"id":"b"}]}""");
        Server.EnqueueBody("not json");
        using var catalog = CreateCatalog(o => o.Resilience.Retry.MaxRetries = 0);

        await catalog.ListModelsAsync();
        await Assert.ThrowsAsync<CustomProtocolException>(() => catalog.ListModelsAsync());

        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal("models 127.0.0.1", s.OperationName));
        Assert.Equal(2, spans[0].GetTagItem("connectors.custom.models.count"));
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
        Assert.Equal(typeof(CustomProtocolException).FullName, spans[1].GetTagItem("error.type"));
    }

    [Fact]
    public void Options_NeedAnEndpoint_ButNoModel()
    {
        var missing = Assert.Throws<ArgumentException>(() => new CustomModelCatalog(new CustomModelCatalogOptions()));
        Assert.Contains("Endpoint", missing.Message, StringComparison.Ordinal);

        using var catalog = new CustomModelCatalog(new CustomModelCatalogOptions { Provider = "vLLM" });
        Assert.Equal(new Uri("http://localhost:8000/v1"), catalog.Endpoint);
    }
}
