using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using static Connectors.Custom.Tests.Chat.Responses.ResponsesWire;

namespace Connectors.Custom.Tests.Chat.Responses;

/// <summary>The Responses protocol client over exact wire bytes: request mapping, answers, streams and errors.</summary>
public sealed class ResponsesClientTests : LoopbackTest
{
    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Model, Api = ChatApi.Responses, Resilience = { Enabled = false } };
        configure?.Invoke(options);
        return new CustomChatClient(options);
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    [Fact]
    public async Task GetResponseAsync_Text_PostsToResponsesStatelessAndReadsUsage()
    {
        Server.EnqueueBody(Response(output: [Message("Hi there")]));

        var response = await CreateClient().GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hello")], new ChatOptions { Instructions = "Answer in English." });

        Assert.Equal("Hi there", response.Text);
        Assert.Equal("resp_1", response.ResponseId);
        Assert.Equal("resp_1", response.Messages[0].MessageId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.CachedInputTokenCount);
        Assert.Equal(6, response.Usage.OutputTokenCount);
        Assert.Equal(2, response.Usage.ReasoningTokenCount);
        Assert.Equal(18, response.Usage.TotalTokenCount);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/responses", request.Path);
        var body = request.Json;
        Assert.False(body.GetProperty("store").GetBoolean());
        Assert.False(body.TryGetProperty("previous_response_id", out _));
        Assert.False(body.TryGetProperty("messages", out _));
        Assert.Equal("Answer in English.", body.GetProperty("instructions").GetString());
        var input = body.GetProperty("input");
        Assert.Equal(2, input.GetArrayLength());
        Assert.Equal("system", input[0].GetProperty("role").GetString());
        Assert.Equal("message", input[1].GetProperty("type").GetString());
        Assert.Equal("Hello", input[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Request_MapsToolsFormatReasoningLimitsImagesAndExtras()
    {
        Server.EnqueueBody(Response(output: [Message("ok")]));
        var function = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Weather for a city");
        var options = new ChatOptions
        {
            Tools = [function],
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            AllowMultipleToolCalls = false,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""").RootElement, "answer"),
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            MaxOutputTokens = 100,
            Temperature = 0.5f,
            AdditionalProperties = new() { ["truncation"] = "auto", ["max_output_tokens"] = 5 },
        };
        var image = new DataContent(new byte[] { 1, 2, 3 }, "image/png");

        await CreateClient().GetResponseAsync([new(ChatRole.User, [new TextContent("What is this?"), image])], options);

        var body = Assert.Single(Server.Requests).Json;
        var tool = body.GetProperty("tools")[0];
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("name").GetString());
        Assert.Equal("Weather for a city", tool.GetProperty("description").GetString());
        Assert.Equal("object", tool.GetProperty("parameters").GetProperty("type").GetString());
        Assert.False(tool.TryGetProperty("function", out _));
        Assert.Equal("get_weather", body.GetProperty("tool_choice").GetProperty("name").GetString());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
        var format = body.GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("answer", format.GetProperty("name").GetString());
        Assert.Equal("object", format.GetProperty("schema").GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("response_format", out _));
        Assert.Equal("high", body.GetProperty("reasoning").GetProperty("effort").GetString());
        Assert.Equal(100, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("auto", body.GetProperty("truncation").GetString());
        var parts = body.GetProperty("input")[0].GetProperty("content");
        Assert.Equal("input_text", parts[0].GetProperty("type").GetString());
        Assert.Equal("input_image", parts[1].GetProperty("type").GetString());
        Assert.StartsWith("data:image/png;base64,", parts[1].GetProperty("image_url").GetString());
    }

    [Fact]
    public async Task Request_ToolLoopHistory_IsSentAsItemsWithReasoningReplayedOnlyInTheLoop()
    {
        Server.EnqueueBody(Response(output: [Message("It is sunny.")]));
        List<ChatMessage> history =
        [
            new(ChatRole.User, "First question"),
            new(ChatRole.Assistant, [new TextReasoningContent("old thoughts"), new TextContent("First answer")]),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new TextReasoningContent("need the tool") { ProtectedData = "enc-1" }, new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
        ];

        await CreateClient().GetResponseAsync(history);

        var input = Assert.Single(Server.Requests).Json.GetProperty("input");
        var types = input.EnumerateArray().Select(i => i.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["message", "message", "message", "reasoning", "function_call", "function_call_output"], types);
        Assert.Equal("assistant", input[1].GetProperty("role").GetString());
        Assert.Equal("First answer", input[1].GetProperty("content").GetString());
        Assert.Equal("enc-1", input[3].GetProperty("encrypted_content").GetString());
        Assert.Equal("need the tool", input[3].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("call_1", input[4].GetProperty("call_id").GetString());
        Assert.Equal("get_weather", input[4].GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(input[4].GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal("call_1", input[5].GetProperty("call_id").GetString());
        Assert.Equal("sunny", input[5].GetProperty("output").GetString());
    }

    [Fact]
    public async Task GetResponseAsync_FunctionCallAndEncryptedReasoning_AreReadForTheNextTurn()
    {
        Server.EnqueueBody(Response(output: [Reasoning("look it up", "enc-xyz"), FunctionCall("call_9", "get_weather", """{"city":"Oslo"}""")]));

        var response = await CreateClient().GetResponseAsync("Weather in Oslo?");

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>());
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", call.Arguments!["city"]?.ToString());
        var reasoning = Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>());
        Assert.Equal("look it up", reasoning.Text);
        Assert.Equal("enc-xyz", reasoning.ProtectedData);
        Assert.Equal("rs_1", reasoning.AdditionalProperties![CustomMetadataKeys.Id]);
    }

    [Fact]
    public async Task Stream_ReasoningOfAToolLoop_IsHandedBackAsOneItemWithItsIdAndEncryptedContent()
    {
        Server.EnqueueStream(Stream(
            Created(),
            """{"type":"response.reasoning_summary_text.delta","item_id":"rs_7","output_index":0,"summary_index":0,"delta":"Need weather"}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_7","summary":[{"type":"summary_text","text":"Need weather"}],"encrypted_content":"enc-7"}}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_w","name":"get_weather","arguments":"{}"}}""",
            Completed()));

        var input = await ContinueToolLoopAfterStreamAsync();
        var reasoning = Assert.Single(input.EnumerateArray(), i => i.GetProperty("type").GetString() == "reasoning");
        Assert.Equal(("rs_7", "enc-7"), (reasoning.GetProperty("id").GetString(), reasoning.GetProperty("encrypted_content").GetString()));
        Assert.Equal("Need weather", reasoning.GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal(["message", "reasoning", "function_call", "function_call_output"], input.EnumerateArray().Select(i => i.GetProperty("type").GetString()!));
    }

    [Fact]
    public async Task Stream_TwoEncryptedReasoningItems_AreHandedBackEachWithItsOwnId()
    {
        // ToChatResponse merges adjacent reasoning contents up to each encrypted one: each item's id must survive that.
        Server.EnqueueStream(Stream(
            Created(),
            """{"type":"response.reasoning_summary_text.delta","item_id":"rs_a","output_index":0,"summary_index":0,"delta":"First "}""",
            """{"type":"response.reasoning_summary_text.delta","item_id":"rs_a","output_index":0,"summary_index":0,"delta":"thought"}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_a","summary":[],"encrypted_content":"enc-a"}}""",
            """{"type":"response.reasoning_summary_text.delta","item_id":"rs_b","output_index":1,"summary_index":0,"delta":"Second"}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"reasoning","id":"rs_b","summary":[],"encrypted_content":"enc-b"}}""",
            """{"type":"response.output_item.done","output_index":2,"item":{"type":"function_call","id":"fc_1","call_id":"call_w","name":"get_weather","arguments":"{}"}}""",
            Completed()));

        var reasoning = (await ContinueToolLoopAfterStreamAsync()).EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "reasoning")
            .Select(i => (i.GetProperty("id").GetString(), i.GetProperty("encrypted_content").GetString(), i.GetProperty("summary")[0].GetProperty("text").GetString()));
        Assert.Equal([("rs_a", "enc-a", "First thought"), ("rs_b", "enc-b", "Second")], reasoning);
    }

    /// <summary>Streams the enqueued answer (a call to <c>get_weather</c>), merges it with <c>ToChatResponse</c> as
    /// M.E.AI's function invocation does, answers the call, and returns the next request's <c>input</c>.</summary>
    private async Task<JsonElement> ContinueToolLoopAfterStreamAsync()
    {
        Server.EnqueueBody(Response(output: [Message("Sunny")]));
        using var client = CreateClient();
        List<ChatMessage> history = [new(ChatRole.User, "Weather?")];

        history.AddRange((await CollectAsync(client.GetStreamingResponseAsync(history))).ToChatResponse().Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_w", "sunny")]));
        await client.GetResponseAsync(history);
        return Server.Requests[1].Json.GetProperty("input");
    }

    [Fact]
    public async Task GetResponseAsync_EncryptedReasoning_IsHandedBackWithItsItemId()
    {
        Server.EnqueueBody(Response(output: [Reasoning("look it up", "enc-xyz"), FunctionCall("call_9", "get_weather", "{}")]));
        Server.EnqueueBody(Response(output: [Message("Sunny")]));
        using var client = CreateClient();
        List<ChatMessage> history = [new(ChatRole.User, "Weather?")];

        history.AddRange((await client.GetResponseAsync(history)).Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_9", "sunny")]));
        await client.GetResponseAsync(history);

        var reasoning = Server.Requests[1].Json.GetProperty("input")[1];
        Assert.Equal(("reasoning", "rs_1", "enc-xyz"), (reasoning.GetProperty("type").GetString(), reasoning.GetProperty("id").GetString(), reasoning.GetProperty("encrypted_content").GetString()));
    }

    [Fact]
    public async Task GetResponseAsync_Incomplete_IsFinishReasonLength()
    {
        Server.EnqueueBody(Response(status: "incomplete", incompleteReason: "max_output_tokens", output: [Message("Partial")]));

        var response = await CreateClient().GetResponseAsync("Tell me everything");

        Assert.Equal("Partial", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_FailedResponse_ThrowsTheServersError()
    {
        Server.EnqueueBody("""{"id":"resp_f","object":"response","status":"failed","output":[],"error":{"code":"server_error","message":"The model crashed"}}""");

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("Hi"));

        Assert.True(error.IsInBandError);
        Assert.Equal("server_error", error.ProviderError!.Code);
        Assert.Contains("The model crashed", error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_HttpError_IsTheSameTypedErrorAsChat()
    {
        Server.EnqueueBody("""{"error":{"message":"Invalid 'input'","type":"invalid_request_error","param":"input","code":null}}""", status: 400);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("Hi"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("input", error.ProviderError!.Param);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Stream_Text_DeliversDeltasThenUsage_IgnoringUnknownEvents()
    {
        Server.EnqueueStream(Stream(
            Created(),
            """{"type":"response.in_progress","response":{"id":"resp_s","status":"in_progress"}}""",
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","content":[]}}""",
            """{"type":"response.some_future_event","payload":{"x":[1,2]}}""",
            TextDelta("Hel"),
            TextDelta("lo"),
            """{"type":"response.output_text.done","item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello"}""",
            Completed()));

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("Hi"));

        var response = updates.ToChatResponse();
        Assert.Equal("Hello", response.Text);
        Assert.Equal(["Hel", "lo"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Take(2));
        Assert.Equal("resp_s", response.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(2, response.Usage.ReasoningTokenCount);
        Assert.True(Server.Requests[0].Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Stream_EventsNamedAsNeverRead_ArePassedOverUnparsed_UnnamedOnesAreParsed()
    {
        // Cut-off data proves which events were parsed: passed over by name, it does no harm; without a name it is
        // parsed, and malformed.
        const string cutOff = "{\"type\":\"response.in_progress\",\"response\":{\"id\":";
        var named = Stream(Created(), TextDelta("Hi"), Completed())
            .Replace("event: response.output_text.delta", $"event: response.in_progress\ndata: {cutOff}\n\nevent: response.content_part.done\ndata: {cutOff}\n\nevent: response.reasoning_summary_text.done\ndata: {cutOff}\n\nevent: response.output_text.delta", StringComparison.Ordinal);
        Server.EnqueueStream(named);
        Server.EnqueueStream(Stream(Created()) + $"data: {cutOff}\n\n" + Stream(Completed()));

        var updates = await CollectAsync(CreateClient().GetStreamingResponseAsync("Hi"));
        var unnamed = await Assert.ThrowsAsync<CustomProtocolException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("Hi")));

        Assert.Equal("Hi", updates.ToChatResponse().Text);
        Assert.Equal(CustomProtocolErrorKind.MalformedJson, unnamed.Kind);
    }

    [Fact]
    public async Task Stream_Created_IsReadOnlyAsFarAsTheResponsesIdentity()
    {
        // What response.created echoes after the id, model and creation time (instructions, tools) is not read: cut off
        // there, it does no harm. A server that names the model later, or only at the end, still has it read.
        const string identified = """{"type":"response.created","response":{"id":"resp_c","object":"response","created_at":1700000002,"model":"first-model","tools":[{"type":"function","name":""";
        const string modelLast = """{"type":"response.created","response":{"id":"resp_d","created_at":1700000002,"tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"model":"late-model","usage":null}}""";
        const string noModel = """{"type":"response.created","response":{"id":"resp_e","created_at":1700000002,"tools":[]}}""";
        Server.EnqueueStream($"event: response.created\ndata: {identified}\n\n" + Stream(TextDelta("Hi"), Completed("resp_c")));
        Server.EnqueueStream(Stream(modelLast, TextDelta("Hi"), Completed("resp_d")));
        Server.EnqueueStream(Stream(noModel, TextDelta("Hi"), Completed("resp_e")));

        var cutOff = await CollectAsync(CreateClient().GetStreamingResponseAsync("Hi"));
        var late = await CollectAsync(CreateClient().GetStreamingResponseAsync("Hi"));
        var fromCompleted = await CollectAsync(CreateClient().GetStreamingResponseAsync("Hi"));

        Assert.Equal(("resp_c", "first-model"), (cutOff[0].ResponseId, cutOff[0].ModelId));
        Assert.Equal(("resp_d", "late-model"), (late[0].ResponseId, late[0].ModelId));
        Assert.Equal("resp_e", fromCompleted[0].ResponseId);
        Assert.Equal(ResponsesWire.Model, fromCompleted.ToChatResponse().ModelId);
    }

    [Fact]
    public async Task Stream_FunctionCalls_AssembleFromDeltasAndFromDoneOnlyServers()
    {
        Server.EnqueueStream(Stream(
            Created(),
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"call_a","name":"get_weather","arguments":""}}""",
            """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,"delta":"{\"city\":"}""",
            """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,"delta":"\"Rome\"}"}""",
            """{"type":"response.function_call_arguments.done","item_id":"fc_1","output_index":0,"arguments":"{\"city\":\"Rome\"}"}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"fc_2","call_id":"call_b","name":"get_time","arguments":"{\"zone\":\"CET\"}"}}""",
            Completed()));

        var response = (await CollectAsync(CreateClient().GetStreamingResponseAsync("Weather and time?"))).ToChatResponse();

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_a", "get_weather", "Rome"), (calls[0].CallId, calls[0].Name, calls[0].Arguments!["city"]?.ToString()));
        Assert.Equal(("call_b", "get_time", "CET"), (calls[1].CallId, calls[1].Name, calls[1].Arguments!["zone"]?.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Stream_ArgumentsDone_IsReadOnlyWhileACallBegunHasNoArguments()
    {
        const string added = """{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"call_a","name":"get_weather","arguments":""}}""";
        const string delta = """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,"delta":"{\"city\":\"Rome\"}"}""";
        const string done = """{"type":"response.function_call_arguments.done","item_id":"fc_1","output_index":0,"arguments":"{\"city\":\"Rome\"}"}""";

        // Streamed arguments: the .done that repeats them is passed over unparsed (cut off here, and no harm done).
        Server.EnqueueStream(Stream(Created(), added, delta, done, Completed()).Replace(done[..^1], done[..40], StringComparison.Ordinal));

        // No deltas: .done is the only place the arguments are, so it is read.
        Server.EnqueueStream(Stream(Created(), added, done, Completed()));

        var streamed = (await CollectAsync(CreateClient().GetStreamingResponseAsync("Weather?"))).ToChatResponse();
        var doneOnly = (await CollectAsync(CreateClient().GetStreamingResponseAsync("Weather?"))).ToChatResponse();

        foreach (var response in new[] { streamed, doneOnly })
        {
            var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
            Assert.Equal(("call_a", "Rome"), (call.CallId, call.Arguments!["city"]?.ToString()));
        }
    }

    [Fact]
    public async Task Stream_ReasoningSummaryAndRawText_AreReasoningContent()
    {
        Server.EnqueueStream(Stream(
            Created(),
            """{"type":"response.reasoning_summary_text.delta","item_id":"rs_1","output_index":0,"summary_index":0,"delta":"Think "}""",
            """{"type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,"content_index":0,"delta":"harder"}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"enc-s"}}""",
            TextDelta("42", 1),
            Completed()));

        var response = (await CollectAsync(CreateClient().GetStreamingResponseAsync("Meaning?"))).ToChatResponse();

        var reasoning = response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().ToList();
        Assert.Equal("Think harder", string.Concat(reasoning.Select(r => r.Text)));
        Assert.Contains(reasoning, r => r.ProtectedData == "enc-s");
        Assert.Equal("42", response.Text);
    }

    [Fact]
    public async Task Stream_IncompleteEvent_IsFinishReasonLength()
    {
        Server.EnqueueStream(Stream(Created(), TextDelta("Par"), Completed(status: "incomplete", incompleteReason: "max_output_tokens")));

        var response = (await CollectAsync(CreateClient().GetStreamingResponseAsync("Long story"))).ToChatResponse();

        Assert.Equal("Par", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Stream_FailedEvent_ThrowsTheResponsesErrorAfterTheDeliveredText()
    {
        Server.EnqueueStream(Stream(
            Created(),
            TextDelta("Half"),
            """{"type":"response.failed","response":{"id":"resp_s","status":"failed","output":[],"error":{"code":"server_error","message":"GPU fell over"}}}"""));

        var delivered = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<CustomEndpointException>(async () =>
        {
            await foreach (var update in CreateClient().GetStreamingResponseAsync("Hi"))
            {
                delivered.Add(update);
            }
        });

        Assert.Equal("Half", string.Concat(delivered.Select(u => u.Text)));
        Assert.True(error.IsInBandError);
        Assert.Equal("server_error", error.ProviderError!.Code);
        Assert.Contains("GPU fell over", error.Message);
    }

    [Fact]
    public async Task Stream_ErrorEvent_ThrowsATypedError()
    {
        Server.EnqueueStream(Stream(Created(), """{"type":"error","code":"rate_limit_exceeded","message":"Slow down","param":null}"""));

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("Hi")));

        Assert.Equal("rate_limit_exceeded", error.ProviderError!.Code);
        Assert.Contains("Slow down", error.Message);
    }

    [Fact]
    public async Task Stream_EndingWithoutTerminalEvent_IsTruncated()
    {
        Server.EnqueueStream(Stream(Created(), TextDelta("cut")));

        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("Hi")));

        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, error.Kind);
    }

    [Fact]
    public async Task Stream_InlineThinkTags_AreSplitForTogether()
    {
        Server.EnqueueStream(Stream(Created(), TextDelta("<think>hmm"), TextDelta("</think>Yes"), Completed()));

        var response = (await CollectAsync(CreateClient(o => o.Provider = "Together").GetStreamingResponseAsync("Q"))).ToChatResponse();

        Assert.Equal("Yes", response.Text);
        Assert.Equal("hmm", string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_InlineThinkTags_AreSplitForTogether()
    {
        Server.EnqueueBody(Response(output: [Message("<think>hmm</think>Yes")]));

        var response = await CreateClient(o => o.Provider = "Together").GetResponseAsync("Q");

        Assert.Equal("Yes", response.Text);
        Assert.Equal("hmm", Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
    }
}
