using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Chat;

public sealed class CustomChatClientTests : LoopbackTest
{

    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null)
    {
        // Protocol behaviour is tested one attempt at a time; resilience has its own tests.
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, Resilience = { Enabled = false } };
        configure?.Invoke(options);
        return new CustomChatClient(options);
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? into = null)
    {
        into ??= [];
        await foreach (var update in updates)
        {
            into.Add(update);
        }

        return into;
    }

    [Fact]
    public async Task GetResponseAsync_PlainAnswer_CarriesMetadataAndUsage()
    {
        Server.EnqueueBody(Wire.Completion("Hi there"));

        var response = await CreateClient().GetResponseAsync("Hello");

        Assert.Equal("Hi there", response.Text);
        Assert.Equal("chatcmpl-1", response.ResponseId);
        Assert.Equal(Wire.Model, response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(10, response.Usage!.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(15, response.Usage.TotalTokenCount);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("user", request.Json.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningField_IsSeparateFromTheAnswer()
    {
        Server.EnqueueBody("""{"choices":[{"message":{"role":"assistant","content":"4","reasoning_content":"2+2 is 4"},"finish_reason":"stop"}]}""");

        var response = await CreateClient().GetResponseAsync("2+2?");

        Assert.Equal("4", response.Text);
        var reasoning = Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>());
        Assert.Equal("2+2 is 4", reasoning.Text);
        Assert.Equal(Wire.Model, response.ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_DeepSeekBlankLinesBeforeJson_AreTolerated()
    {
        Server.EnqueueBody("\n\n\n" + Wire.Completion("ok"));

        Assert.Equal("ok", (await CreateClient().GetResponseAsync("x")).Text);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCalls_AreReturnedAsFunctionCalls()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"call_1","type":"function","function":{"name":"Add","arguments":{"a":1,"b":2}}}]"""));

        var response = await CreateClient().GetResponseAsync("add");

        var call = Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>());
        Assert.Equal("Add", call.Name);
        Assert.Equal("call_1", call.CallId);
        Assert.Equal(2, call.Arguments!.Count);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OpenAiStyle_DeliversDeltasThenUsage()
    {
        Server.EnqueueEvents([
            Wire.Chunk("""{"role":"assistant","content":""}"""),
            Wire.TextChunk("Hel"),
            Wire.TextChunk("lo"),
            Wire.Chunk("{}", "stop"),
            Wire.UsageChunk(11, 2),
        ]);

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("hi"));

        Assert.Equal("Hello", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(11, usage.Details.InputTokenCount);
        Assert.All(updates, u => Assert.Equal("chatcmpl-s", u.ResponseId));

        var response = updates.ToChatResponse();
        Assert.Equal(13, response.Usage!.TotalTokenCount);
        Assert.True(Server.Requests[0].Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("text/event-stream", Server.Requests[0].Headers["Accept"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CumulativeUsageOnEveryChunk_IsCountedOnce()
    {
        // Perplexity / NIM / vLLM continuous stats: each chunk repeats the running total.
        Server.EnqueueEvents([
            """{"choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""",
            """{"choices":[{"delta":{"content":"b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""",
            """{"object":"chat.completion.done","choices":[{"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
            """{"choices":[{"delta":{},"finish_reason":null}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}""",
        ]);

        var response = (await CollectAsync(CreateClient().GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal("ab", response.Text);
        Assert.Equal(8, response.Usage!.TotalTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_KeepAlivesAndNoDoneSentinel_StillCompleteNormally()
    {
        Server.EnqueueStream(": OPENROUTER PROCESSING\n\ndata:" + Wire.TextChunk("x") + "\n\n: keep-alive\n\ndata: " + Wire.Chunk("{}", "stop") + "\n\n");

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("hi"));

        Assert.Equal("x", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyDataEvents_AreKeepAlives()
    {
        Server.EnqueueStream("data:\n\ndata: " + Wire.TextChunk("x", "stop") + "\n\ndata: \n\ndata: [DONE]\n\n");

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("hi"));

        Assert.Equal("x", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningDeltas_ArriveAsReasoningContent()
    {
        Server.EnqueueEvents([
            Wire.Chunk("""{"role":"assistant","content":null,"reasoning_content":"Let me"}"""),
            Wire.Chunk("""{"content":null,"reasoning_content":" think"}"""),
            Wire.Chunk("""{"reasoning":"ollama-style"}"""),
            Wire.TextChunk("Answer", "stop"),
        ]);

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("hi"));

        Assert.Equal("Let me thinkollama-style", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("Answer", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamedToolCallFragments_AreAssembledOnce()
    {
        Server.EnqueueEvents([
            Wire.Chunk("""{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Add","arguments":""}}]}"""),
            Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}"""),
            Wire.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"1,\"b\":2}"}}]}"""),
            Wire.Chunk("{}", "tool_calls"),
        ]);

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("add"));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Add", call.Name);
        Assert.Equal(2, call.Arguments!.Count);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MidStreamErrorEvent_ThrowsAfterDeliveringEarlierText()
    {
        Server.EnqueueStream("data: " + Wire.TextChunk("partial") + "\n\n" +
            """data: {"id":"gen-1","object":"chat.completion.chunk","provider":"X","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""" + "\n\n");
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi"), received));

        Assert.Equal("partial", Assert.Single(received).Text);
        Assert.True(error.IsInBandError);
        Assert.Equal(System.Net.HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("Provider disconnected unexpectedly", error.Message, StringComparison.Ordinal);
        Assert.Equal("server_error", error.ProviderError!.Code);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FinishReasonErrorWithoutErrorObject_Throws()
    {
        Server.EnqueueEvents([Wire.TextChunk("a"), Wire.Chunk("{}", "error")]);

        await Assert.ThrowsAsync<CustomEndpointException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi")));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BareJsonErrorLine_Throws()
    {
        Server.EnqueueStream("data: " + Wire.TextChunk("a") + "\n\n" + """{"error":{"message":"model runner has unexpectedly stopped","type":"api_error"}}""" + "\n");

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi")));

        Assert.Contains("model runner has unexpectedly stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutFinishOrDone_ThrowsTruncated()
    {
        Server.EnqueueEvents([Wire.TextChunk("cut")], done: false);
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi"), received));

        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, error.Kind);
        Assert.Equal("cut", Assert.Single(received).Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_ThrowsTruncated()
    {
        var firstUpdateSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: " + Wire.TextChunk("a") + "\n\n");
            await context.Response.Body.FlushAsync();
            await firstUpdateSeen.Task;
            context.Abort();
        });
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<CustomProtocolException>(async () =>
        {
            await foreach (var update in CreateClient().GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
                firstUpdateSeen.TrySetResult();
            }
        });

        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, error.Kind);
        Assert.Equal("a", Assert.Single(received).Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedEvent_ThrowsNamingTheProblem()
    {
        Server.EnqueueStream("data: {\"choices\":[{\"delta\":{\"content\":\"a\"\n\n");

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi")));

        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Cancelled_StopsQuickly()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: " + Wire.TextChunk("a") + "\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in CreateClient().GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        // The server never ends the stream: the call ended because the client dropped the connection.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task GetResponseAsync_Cancelled_WhileWaitingForTheServer_Stops()
    {
        Server.Enqueue(context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateClient().GetResponseAsync("hi", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetResponseAsync_NoChoices_ThrowsUnexpectedShape()
    {
        Server.EnqueueBody("""{"id":"x","choices":[]}""");

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.Equal(CustomProtocolErrorKind.UnexpectedShape, error.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_BodyOverTheLimit_ThrowsTooLarge()
    {
        Server.EnqueueBody(Wire.Completion(new string('x', 5000)));

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => CreateClient(o => o.MaxResponseBytes = 2048).GetResponseAsync("hi"));

        Assert.Equal(CustomProtocolErrorKind.ResponseTooLarge, error.Kind);
    }

    [Fact]
    public async Task GetService_ReturnsAccurateMetadata()
    {
        using var client = CreateClient();

        var metadata = client.GetService<ChatClientMetadata>()!;

        Assert.Equal("openai-compatible", metadata.ProviderName);
        Assert.Equal(Server.BaseAddress, metadata.ProviderUri);
        Assert.Equal(Wire.Model, metadata.DefaultModelId);
        Assert.Same(client, client.GetService<CustomChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
    }

    [Fact]
    public async Task GetResponseAsync_ModelOverrideInOptions_IsSent()
    {
        Server.EnqueueBody(Wire.Completion());

        await CreateClient().GetResponseAsync("hi", new ChatOptions { ModelId = "other" });

        Assert.Equal("other", Server.Requests[0].Json.GetProperty("model").GetString());
    }

    [Fact]
    public void GetStreamingResponseAsync_NullMessages_ThrowsAtTheCall()
    {
        Assert.Throws<ArgumentNullException>(() => CreateClient().GetStreamingResponseAsync((IEnumerable<ChatMessage>)null!));
    }
}
