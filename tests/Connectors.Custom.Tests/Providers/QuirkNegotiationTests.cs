using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Tests.Providers;

public sealed class QuirkNegotiationTests : LoopbackTest
{
    private readonly CapturingLoggerProvider _logs = new();

    private CustomChatClient CreateClient() => new(
        new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, Resilience = { Enabled = false } },
        loggerFactory: _logs);

    [Fact]
    public async Task MaxTokensRejected_IsRetriedOnceWithMaxCompletionTokens_AndRemembered()
    {
        Server.EnqueueBody("""{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""", 400)
            .EnqueueBody(Wire.Completion("adapted"))
            .EnqueueBody(Wire.Completion("again"));
        var client = CreateClient();

        var first = await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 20 });
        await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 20 });

        Assert.Equal("adapted", first.Text);
        var requests = Server.Requests;
        Assert.True(requests[0].Json.TryGetProperty("max_tokens", out _));
        Assert.Equal(20, requests[1].Json.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(20, requests[2].Json.GetProperty("max_completion_tokens").GetInt32());
        var info = Assert.Single(_logs.Records, r => r.Level == LogLevel.Information && r.Message.Contains("adapted", StringComparison.Ordinal));
        Assert.Contains("max_completion_tokens", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamOptionsRejected_StreamsAgainWithoutThem()
    {
        Server.EnqueueBody("""{"object":"error","message":"Extra inputs are not permitted: stream_options","type":"invalid_request_error","code":422}""", 422)
            .EnqueueEvents([Wire.TextChunk("ok", "stop")]);

        var text = string.Empty;
        await foreach (var update in CreateClient().GetStreamingResponseAsync("hi"))
        {
            text += update.Text;
        }

        Assert.Equal("ok", text);
        Assert.True(Server.Requests[0].Json.TryGetProperty("stream_options", out _));
        Assert.False(Server.Requests[1].Json.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public async Task ToolCallIdRejected_IdsAreRewrittenForMistralTokenizers()
    {
        Server.EnqueueBody("""{"object":"error","message":"Tool call id was call_abc123xyz but must be a-z, A-Z, 0-9, with a length of 9.","type":"invalid_function_call","code":"3280"}""", 400)
            .EnqueueBody(Wire.Completion("ok"));
        ChatMessage[] history =
        [
            new(ChatRole.User, "add"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_abc123xyz", "add")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_abc123xyz", 1)]),
        ];

        await CreateClient().GetResponseAsync(history);

        Assert.Matches("^[a-zA-Z0-9]{9}$", Server.Requests[1].Json.GetProperty("messages")[2].GetProperty("tool_call_id").GetString()!);
    }

    [Theory]
    [InlineData(400, "JSON schema conversion failed:\\nUnrecognized schema: {\\\"anyOf\\\":[{\\\"type\\\":\\\"integer\\\"},{\\\"type\\\":\\\"null\\\"}]}")]
    [InlineData(500, "JSON schema conversion failed:\\nUnrecognized schema: {}")]
    [InlineData(400, "failed to parse grammar")]
    public async Task ToolSchemaRejected_SchemasAreReducedToPlainTypes_AndRemembered(int status, string message)
    {
        Server.EnqueueBody($$$"""{"error":{"code":{{{status}}},"message":"{{{message}}}","type":"invalid_request_error"}}""", status)
            .EnqueueBody(Wire.Completion("adapted"))
            .EnqueueBody(Wire.Completion("again"));
        var fetch = AIFunctionFactory.CreateDeclaration("fetch", null, System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]},"page":{"$ref":"#/$defs/Page"}},"$defs":{"Page":{"type":"integer"}}}""").RootElement);
        var client = CreateClient();

        var first = await client.GetResponseAsync("hi", new ChatOptions { Tools = [fetch] });
        await client.GetResponseAsync("hi", new ChatOptions { Tools = [fetch] });

        Assert.Equal("adapted", first.Text);
        Assert.Contains("anyOf", Server.Requests[0].Body, StringComparison.Ordinal);
        foreach (var request in Server.Requests.Skip(1))
        {
            Assert.DoesNotContain("anyOf", request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("$ref", request.Body, StringComparison.Ordinal);
            var properties = request.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("properties");
            Assert.Equal("integer", properties.GetProperty("page").GetProperty("type").GetString());
        }

        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Information && r.Message.Contains("tool schemas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerError_ThatIsNotASchemaRejection_IsNotLearnedFrom()
    {
        Server.EnqueueBody("""{"error":{"message":"Unrecognized schema of the universe","code":503}}""", 503);
        var fetch = AIFunctionFactory.Create((int a) => a, "add");

        await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi", new ChatOptions { Tools = [fetch] }));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task NamedUnsupportedField_IsDropped()
    {
        Server.EnqueueBody("""{"error":{"message":"'parallel_tool_calls' is not supported by this model"}}""", 400).EnqueueBody(Wire.Completion());
        var add = AIFunctionFactory.Create((int a) => a, "add");

        await CreateClient().GetResponseAsync("hi", new ChatOptions { Tools = [add], AllowMultipleToolCalls = false });

        Assert.True(Server.Requests[0].Json.TryGetProperty("parallel_tool_calls", out _));
        Assert.False(Server.Requests[1].Json.TryGetProperty("parallel_tool_calls", out _));
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"The prompt is too long"}}""")]
    [InlineData(400, """{"error":{"message":"Input should be 'user'","param":"messages.0.role"}}""")]
    [InlineData(500, """{"error":{"message":"stream_options broke the server"}}""")]
    [InlineData(401, """{"error":{"message":"max_tokens is fine but your key is not"}}""")]
    [InlineData(400, """{"error":{"message":"Invalid function name in tools"}}""")]
    public async Task OtherErrors_AreNotAdaptedTo(int status, string body)
    {
        Server.EnqueueBody(body, status);

        await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task AdaptedRequestRejectedAgain_FailsWithoutLooping()
    {
        const string rejection = """{"error":{"message":"Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead.","param":"max_tokens"}}""";
        Server.EnqueueBody(rejection, 400).EnqueueBody("""{"error":{"message":"max_completion_tokens is not supported either; use max_tokens"}}""", 400);

        await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 5 }));

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task AdaptedRequest_IsAnAttemptOfItsOwn_ForLimitsAndMetadata()
    {
        Server.EnqueueBody("""{"error":{"message":"Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead.","param":"max_tokens"}}""", 400)
            .EnqueueBody(Wire.Completion("adapted"));
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model };
        options.Resilience.RateLimits.RequestsPerMinute = 2;
        options.Resilience.RateLimits.OverLimit = OverLimitBehavior.Reject;
        var client = new CustomChatClient(options, timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), loggerFactory: _logs);

        var adapted = await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 20 });
        var refused = await Assert.ThrowsAsync<CustomRateLimitException>(() => client.GetResponseAsync("again"));

        // The rejected request and the adapted one each took a permit of the two a minute allows.
        Assert.Equal(2, adapted.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.True(refused.IsClientSide);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Information && r.Message.Contains("2 attempt(s)", StringComparison.Ordinal));
    }
}
