using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

public sealed class FailoverTests : LoopbackTest
{
    private readonly TestClock _clock = new();
    private LoopbackServer _backup = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _backup = await LoopbackServer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _backup.DisposeAsync();
        await base.DisposeAsync();
    }

    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "primary-model" };
        options.Resilience.Retry.UseJitter = false;
        options.Resilience.Retry.MaxRetries = 1;
        var backup = new CustomChatCompletionOptions { Endpoint = _backup.BaseAddress, ModelId = "backup-model", ApiKey = "backup-key" };
        backup.Resilience.Retry.MaxRetries = 1;
        options.Backups.Add(backup);
        configure?.Invoke(options);
        return new CustomChatClient(options, timeProvider: _clock);
    }

    private static void Fail(LoopbackServer server, int times, int status = 503)
    {
        for (var i = 0; i < times; i++)
        {
            server.EnqueueBody("""{"error":{"message":"down"}}""", status);
        }
    }

    [Fact]
    public async Task RetryableFailure_MovesToTheBackupWithItsOwnModelAndKey()
    {
        Fail(Server, 2);
        _backup.EnqueueBody(Wire.Completion("from backup"));

        var response = await _clock.RunAsync(CreateClient().GetResponseAsync("hi"));

        Assert.Equal("from backup", response.Text);
        Assert.Equal(_backup.BaseAddress.ToString().TrimEnd('/'), response.AdditionalProperties![CustomMetadataKeys.Endpoint]);
        Assert.Equal(3, response.AdditionalProperties[CustomMetadataKeys.Attempts]);
        Assert.Equal(2, Server.Requests.Count);
        var request = Assert.Single(_backup.Requests);
        Assert.Equal("backup-model", request.Json.GetProperty("model").GetString());
        Assert.Equal("Bearer backup-key", request.Headers["Authorization"]);
        Assert.False(Server.Requests[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ClientError_DoesNotFailOver()
    {
        Server.EnqueueBody("""{"error":{"message":"bad request"}}""", 400);

        await Assert.ThrowsAsync<CustomEndpointException>(() => _clock.RunAsync(CreateClient().GetResponseAsync("hi")));

        Assert.Empty(_backup.Requests);
    }

    [Fact]
    public async Task LongRetryAfter_MovesToTheBackupAtOnce()
    {
        Server.EnqueueBody("""{"error":{"message":"quota window"}}""", 429, headers: new Dictionary<string, string> { ["Retry-After"] = "600" });
        _backup.EnqueueBody(Wire.Completion("backup"));

        var response = await _clock.RunAsync(CreateClient().GetResponseAsync("hi"));

        Assert.Equal("backup", response.Text);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Streaming_FailsOverBeforeTheFirstUpdate()
    {
        Fail(Server, 2);
        _backup.EnqueueEvents([Wire.TextChunk("streamed "), Wire.TextChunk("backup", "stop")]);

        var text = string.Empty;
        var updates = new List<ChatResponseUpdate>();
        await _clock.RunAsync(Task.Run(async () =>
        {
            await foreach (var update in CreateClient().GetStreamingResponseAsync("hi"))
            {
                updates.Add(update);
            }
        }));

        Assert.Equal("streamed backup", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(_backup.BaseAddress.ToString().TrimEnd('/'), updates[0].AdditionalProperties![CustomMetadataKeys.Endpoint]);
    }

    [Fact]
    public async Task OpenCircuit_SkipsTheFailingEndpoint()
    {
        Fail(Server, 4);
        for (var i = 0; i < 3; i++)
        {
            _backup.EnqueueBody(Wire.Completion($"backup {i}"));
        }

        var client = CreateClient(o => o.Resilience.CircuitBreaker.MinimumThroughput = 2);
        await _clock.RunAsync(client.GetResponseAsync("one"));
        var primaryRequestsBefore = Server.Requests.Count;
        var response = await _clock.RunAsync(client.GetResponseAsync("two"));

        Assert.Equal("backup 1", response.Text);
        Assert.Equal(primaryRequestsBefore, Server.Requests.Count);
    }

    [Fact]
    public async Task OpenCircuit_WithoutBackup_ThrowsTypedAndSendsNothing()
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m" };
        options.Resilience.Retry.MaxRetries = 1;
        options.Resilience.Retry.UseJitter = false;
        options.Resilience.CircuitBreaker.MinimumThroughput = 2;
        var client = new CustomChatClient(options, timeProvider: _clock);
        Fail(Server, 2);
        await Assert.ThrowsAsync<CustomEndpointException>(() => _clock.RunAsync(client.GetResponseAsync("one")));

        var error = await Assert.ThrowsAsync<CustomCircuitOpenException>(() => _clock.RunAsync(client.GetResponseAsync("two")));

        Assert.Equal(2, Server.Requests.Count);
        Assert.NotNull(error.RetryAfter);
        Assert.Contains("circuit breaker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenCircuit_LetsAProbeThroughAfterTheBreak()
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m" };
        options.Resilience.Retry.MaxRetries = 1;
        options.Resilience.CircuitBreaker.MinimumThroughput = 2;
        options.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        var client = new CustomChatClient(options, timeProvider: _clock);
        Fail(Server, 2);
        await Assert.ThrowsAsync<CustomEndpointException>(() => _clock.RunAsync(client.GetResponseAsync("one")));
        Server.EnqueueBody(Wire.Completion("healthy again"));

        _clock.Advance(TimeSpan.FromSeconds(31));
        var response = await _clock.RunAsync(client.GetResponseAsync("two"));

        Assert.Equal("healthy again", response.Text);
    }

    [Fact]
    public async Task MalformedAnswers_FailOverOnceRetriesAreSpent()
    {
        Server.EnqueueBody("""{"choices":[{"mess""").EnqueueBody("not json at all");
        _backup.EnqueueBody(Wire.Completion("clean"));

        var response = await _clock.RunAsync(CreateClient().GetResponseAsync("hi"));

        Assert.Equal("clean", response.Text);
    }

    [Fact]
    public async Task EveryEndpointFailing_WithTheLastCircuitOpen_ReportsTheRealFailure()
    {
        // The backup's circuit opens first (two failed calls); then the primary fails too.
        var client = CreateClient(o =>
        {
            o.Resilience.LoadBalancing = LoadBalancingStrategy.RoundRobin;
            o.Backups[0].Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Backups[0].Resilience.Retry.MaxRetries = 1;
        });
        Fail(_backup, 2);
        Server.EnqueueBody(Wire.Completion("primary ok")).EnqueueBody(Wire.Completion("primary ok again"));
        Fail(Server, 2, status: 502);

        // Round robin: the first call starts at the primary, the second at the backup (which fails twice, opening its
        // circuit, so the primary answers), the third at the primary, which now fails; the backup refuses, open.
        await _clock.RunAsync(client.GetResponseAsync("warm"));
        Assert.Equal("primary ok again", (await _clock.RunAsync(client.GetResponseAsync("backup fails"))).Text);
        var error = await Assert.ThrowsAnyAsync<CustomEndpointException>(() => _clock.RunAsync(client.GetResponseAsync("everything fails")));

        Assert.IsNotType<CustomCircuitOpenException>(error);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task RoundRobin_AlternatesEndpoints()
    {
        Server.EnqueueBody(Wire.Completion("p")).EnqueueBody(Wire.Completion("p"));
        _backup.EnqueueBody(Wire.Completion("b")).EnqueueBody(Wire.Completion("b"));
        var client = CreateClient(o => o.Resilience.LoadBalancing = LoadBalancingStrategy.RoundRobin);

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await _clock.RunAsync(client.GetResponseAsync("hi"))).Text);
        }

        Assert.Equal(["p", "b", "p", "b"], answers);
    }

    [Fact]
    public async Task LowestLatency_PrefersTheFasterEndpoint()
    {
        var client = CreateClient(o => o.Resilience.LoadBalancing = LoadBalancingStrategy.LowestLatency);
        // First calls: both untried, configured order; the primary is slow (fake time passes while it answers).
        Server.Enqueue(async context =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            await context.Response.WriteAsync(Wire.Completion("slow"));
        });
        _backup.EnqueueBody(Wire.Completion("fast")).EnqueueBody(Wire.Completion("fast")).EnqueueBody(Wire.Completion("fast"));

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await client.GetResponseAsync("hi")).Text);
        }

        Assert.Equal(["slow", "fast", "fast", "fast"], answers);
    }

    [Fact]
    public async Task LeastOutstanding_SendsToTheIdleEndpoint()
    {
        var release = new TaskCompletionSource();
        Server.Enqueue(async context =>
        {
            await release.Task;
            await context.Response.WriteAsync(Wire.Completion("primary"));
        });
        _backup.EnqueueBody(Wire.Completion("backup"));
        var client = CreateClient(o => o.Resilience.LoadBalancing = LoadBalancingStrategy.LeastOutstanding);

        var first = client.GetResponseAsync("one");
        await WaitForRequestsAsync(1);

        var second = await client.GetResponseAsync("two");
        release.SetResult();

        Assert.Equal("backup", second.Text);
        Assert.Equal("primary", (await first).Text);
    }

    [Fact]
    public async Task Hedging_StartsTheBackupWhenThePrimaryIsSlow_AndKeepsTheFirstAnswer()
    {
        var primaryAborted = new TaskCompletionSource();
        Server.Enqueue(async context =>
        {
            context.RequestAborted.Register(() => primaryAborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        _backup.EnqueueBody(Wire.Completion("hedged"));

        var call = CreateClient(o => o.Resilience.HedgingDelay = TimeSpan.FromSeconds(2)).GetResponseAsync("hi");

        // The hedging delay runs out only once the primary's request is stalled at the server.
        await WaitForRequestsAsync(1);
        Assert.Empty(_backup.Requests);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        var response = await call;

        Assert.Equal("hedged", response.Text);
        Assert.Single(_backup.Requests);
        await primaryAborted.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Hedging_FastPrimary_NeverStartsTheBackup()
    {
        Server.EnqueueBody(Wire.Completion("primary"));

        var response = await CreateClient(o => o.Resilience.HedgingDelay = TimeSpan.FromSeconds(2)).GetResponseAsync("hi");

        Assert.Equal("primary", response.Text);
        Assert.Empty(_backup.Requests);
    }

    [Fact]
    public async Task Embeddings_FailOverPerBatch()
    {
        Server.ServeEmbeddings();
        _backup.ServeEmbeddings();
        Server.EnqueueBody("""{"error":{"message":"down"}}""", 503);
        Server.EnqueueBody("""{"error":{"message":"down"}}""", 503);
        var options = new CustomEmbeddingOptions { Endpoint = Server.BaseAddress, ModelId = "embed", MaxInputsPerRequest = 2, MaxParallelRequests = 1 };
        options.Resilience.Retry.MaxRetries = 1;
        options.Resilience.Retry.UseJitter = false;
        options.Backups.Add(new CustomEmbeddingOptions { Endpoint = _backup.BaseAddress, ModelId = "embed-backup" });

        var embeddings = await _clock.RunAsync(new CustomEmbeddingGenerator(options, timeProvider: _clock).GenerateAsync(["a", "b", "c", "d"]));

        Assert.Equal(4, embeddings.Count);
        Assert.Equal(EmbeddingServer.BagOfWords("d"), embeddings[3].Vector.ToArray());
        Assert.Single(_backup.Requests);
        Assert.Equal("embed-backup", _backup.Requests[0].Json.GetProperty("model").GetString());
        Assert.Equal(3, Server.Requests.Count);
    }
}
