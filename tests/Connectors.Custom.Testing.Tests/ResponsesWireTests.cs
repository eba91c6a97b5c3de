using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary><c>POST /v1/responses</c> on the wire, for every profile that serves it: the same chat script answers as
/// on chat completions, in the Responses shapes, with each profile's state and reasoning behaviour.</summary>
public sealed class ResponsesWireTests
{
    private static readonly string[] s_textEventOrder =
    [
        "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
    ];

    [Theory]
    [MemberData(nameof(ResponsesHttp.ServingProfiles), MemberType = typeof(ResponsesHttp))]
    public async Task Text_IsOneCompletedMessage_WithUsage(WireProfile profile)
    {
        await using var server = await Scripts.StartAsync(profile);

        var (status, response) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("hello there", stream: false, extra: ""","instructions":"Be brief." """));

        Assert.Equal(200, status);
        Assert.Equal("response", response.GetProperty("object").GetString());
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.StartsWith("resp_", response.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Be brief.", response.GetProperty("instructions").GetString());
        var message = Assert.Single(response.GetProperty("output").EnumerateArray());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal("output_text", message.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Echo: hello there", ResponsesHttp.OutputText(response));

        // Instructions count as a system message (1 + 2 words), the input as a user message (1 + 2); output 3 words.
        var usage = ResponsesHttp.Usage(response);
        Assert.Equal(6, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(3, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(9, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(1, server.Statistics.Responses);
        Assert.Equal(0, server.Statistics.StreamingResponses);
        Assert.Equal(0, server.Statistics.ChatCompletions);
    }

    [Theory]
    [MemberData(nameof(ResponsesHttp.ServingProfiles), MemberType = typeof(ResponsesHttp))]
    public async Task Streamed_Text_FollowsTheEventOrder_WithSequenceNumbers_AndNoDone(WireProfile profile)
    {
        await using var server = await Scripts.StartAsync(profile);

        var (_, raw) = await RawHttp.PostAsync(server, "/responses", ResponsesHttp.Body("hello there", stream: true));
        var events = ResponsesHttp.Parse(raw);

        Assert.Equal(s_textEventOrder, events.Select(e => e.Name));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.DoesNotContain("[DONE]", raw, StringComparison.Ordinal);
        Assert.Equal("Echo: hello there", ResponsesHttp.Concat(events, "response.output_text.delta"));
        Assert.Equal("Echo: hello there", events.Single(e => e.Name == "response.output_text.done").Data.GetProperty("text").GetString());
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, events[0].Data.GetProperty("response").GetProperty("usage").ValueKind);
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("Echo: hello there", ResponsesHttp.OutputText(completed));
        Assert.Equal(3, ResponsesHttp.Usage(completed).GetProperty("output_tokens").GetInt32());
        var itemId = events[2].Data.GetProperty("item").GetProperty("id").GetString();
        Assert.All(events.Where(e => e.Name.StartsWith("response.output_text", StringComparison.Ordinal)), e => Assert.Equal(itemId, e.Data.GetProperty("item_id").GetString()));
        Assert.Equal(1, server.Statistics.StreamingResponses);
    }

    [Theory]
    [MemberData(nameof(ResponsesHttp.ServingProfilesStreamedAndNot), MemberType = typeof(ResponsesHttp))]
    public async Task ToolCall_IsAFunctionCallItem_WithArgumentsAssembled(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        var body = ResponsesHttp.Body("add", stream, tools: true);

        JsonElement response;
        if (stream)
        {
            var events = await ResponsesHttp.StreamAsync(server, body);
            var added = events.Single(e => e.Name == "response.output_item.added").Data.GetProperty("item");
            Assert.Equal("function_call", added.GetProperty("type").GetString());
            Assert.Equal(string.Empty, added.GetProperty("arguments").GetString());
            Assert.Equal("""{"a":17,"b":25}""", ResponsesHttp.Concat(events, "response.function_call_arguments.delta"));
            Assert.Equal("""{"a":17,"b":25}""", events.Single(e => e.Name == "response.function_call_arguments.done").Data.GetProperty("arguments").GetString());
            Assert.Equal(["response.function_call_arguments.done", "response.output_item.done", "response.completed"], events.TakeLast(3).Select(e => e.Name));
            response = events[^1].Data.GetProperty("response");
        }
        else
        {
            (_, response) = await ResponsesHttp.PostAsync(server, body);
        }

        Assert.Empty(ResponsesHttp.Items(response, "message"));
        var call = Assert.Single(ResponsesHttp.Items(response, "function_call"));
        Assert.Equal("Add", call.GetProperty("name").GetString());
        Assert.Equal("""{"a":17,"b":25}""", call.GetProperty("arguments").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(call.GetProperty("call_id").GetString()));
        Assert.StartsWith("fc_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, ResponsesHttp.Usage(response).GetProperty("output_tokens").GetInt32());
        Assert.Equal("Add", response.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(ResponsesHttp.ServingProfilesStreamedAndNot), MemberType = typeof(ResponsesHttp))]
    public async Task ToolRoundTrip_TheFullInputCarriesTheCallAndItsOutput_StatelessOnEveryProfile(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        var (_, first) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("add", stream: false, tools: true, extra: ""","store":false"""));
        var call = Assert.Single(ResponsesHttp.Items(first, "function_call"));
        var callId = call.GetProperty("call_id").GetString();

        var input = $$"""[{"role":"user","content":[{"type":"input_text","text":"add"}]},{"type":"reasoning","id":"rs_1","summary":[]},{"type":"function_call","call_id":"{{callId}}","name":"Add","arguments":"{\"a\":17,\"b\":25}"},{"type":"function_call_output","call_id":"{{callId}}","output":"42"}]""";
        var body = ResponsesHttp.Body(input, stream, tools: true, extra: ""","store":false""");
        var response = stream ? (await ResponsesHttp.StreamAsync(server, body))[^1].Data.GetProperty("response") : (await ResponsesHttp.PostAsync(server, body)).Json;

        Assert.Equal("The result is 42", ResponsesHttp.OutputText(response));
        Assert.False(response.GetProperty("store").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(ResponsesHttp.ServingProfilesStreamedAndNot), MemberType = typeof(ResponsesHttp))]
    public async Task JsonSchemaFormat_AnswersAnObjectThatFitsTheSchema(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        const string Format = ""","text":{"format":{"type":"json_schema","name":"city","strict":true,"schema":{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},"required":["city","population"],"additionalProperties":false}}}""";
        var body = ResponsesHttp.Body("largest city", stream, extra: Format);

        var response = stream ? (await ResponsesHttp.StreamAsync(server, body))[^1].Data.GetProperty("response") : (await ResponsesHttp.PostAsync(server, body)).Json;

        using var answer = JsonDocument.Parse(ResponsesHttp.OutputText(response));
        Assert.Equal(JsonValueKind.String, answer.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.Number, answer.RootElement.GetProperty("population").ValueKind);
        Assert.Equal("json_schema", response.GetProperty("text").GetProperty("format").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(WireProfile.OpenAI, "summary")]
    [InlineData(WireProfile.OpenRouter, "summary")]
    [InlineData(WireProfile.Ollama, "text")]
    [InlineData(WireProfile.Vllm, "text")]
    [InlineData(WireProfile.LMStudio, "text")]
    [InlineData(WireProfile.Groq, "text")]
    public async Task Reasoning_IsAReasoningItemBeforeTheMessage_AsSummaryOrText(WireProfile profile, string shape)
    {
        await using var server = await Scripts.StartAsync(profile);
        var body = ResponsesHttp.Body("think", stream: true, extra: ""","reasoning":{"effort":"low","summary":"auto"}""");

        var events = await ResponsesHttp.StreamAsync(server, body);
        var (_, whole) = await ResponsesHttp.PostAsync(server, body.Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal));

        var delta = shape == "summary" ? "response.reasoning_summary_text.delta" : "response.reasoning_text.delta";
        var other = shape == "summary" ? "response.reasoning_text.delta" : "response.reasoning_summary_text.delta";
        Assert.Equal(Scripts.Reasoning, ResponsesHttp.Concat(events, delta));
        Assert.DoesNotContain(events, e => e.Name == other);
        Assert.True(events.FindIndex(e => e.Name == delta) < events.FindIndex(e => e.Name == "response.output_text.delta"));
        foreach (var response in new[] { events[^1].Data.GetProperty("response"), whole })
        {
            var output = response.GetProperty("output");
            Assert.Equal("reasoning", output[0].GetProperty("type").GetString());
            var part = shape == "summary" ? output[0].GetProperty("summary")[0] : output[0].GetProperty("content")[0];
            Assert.Equal(shape == "summary" ? "summary_text" : "reasoning_text", part.GetProperty("type").GetString());
            Assert.Equal(Scripts.Reasoning, part.GetProperty("text").GetString());
            Assert.Equal("Thought it through.", ResponsesHttp.OutputText(response));
            Assert.Equal(4, ResponsesHttp.Usage(response).GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
            Assert.Equal(7, ResponsesHttp.Usage(response).GetProperty("output_tokens").GetInt32());
            Assert.Equal("low", response.GetProperty("reasoning").GetProperty("effort").GetString());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Together_WritesReasoningInlineInThinkTags_WithoutAReasoningItem(bool stream)
    {
        await using var server = await Scripts.StartAsync(WireProfile.Together);
        var body = ResponsesHttp.Body("think", stream);

        var response = stream ? (await ResponsesHttp.StreamAsync(server, body))[^1].Data.GetProperty("response") : (await ResponsesHttp.PostAsync(server, body)).Json;
        var (_, chat) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody("think", stream: false));

        Assert.Empty(ResponsesHttp.Items(response, "reasoning"));
        Assert.Equal($"<think>{Scripts.Reasoning}</think>\n\nThought it through.", ResponsesHttp.OutputText(response));
        Assert.Equal(0, ResponsesHttp.Usage(response).GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal($"<think>{Scripts.Reasoning}</think>\n\nThought it through.", JsonDocument.Parse(chat).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxOutputTokens_CutsTheAnswer_AsIncomplete(bool stream)
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenAI);
        var body = ResponsesHttp.Body("one two three four", stream, extra: ""","max_output_tokens":2""");

        JsonElement response;
        if (stream)
        {
            var events = await ResponsesHttp.StreamAsync(server, body);
            Assert.Equal("response.incomplete", events[^1].Name);
            Assert.DoesNotContain(events, e => e.Name == "response.completed");
            Assert.Equal("Echo: one", ResponsesHttp.Concat(events, "response.output_text.delta"));
            response = events[^1].Data.GetProperty("response");
        }
        else
        {
            (_, response) = await ResponsesHttp.PostAsync(server, body);
        }

        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("Echo: one", ResponsesHttp.OutputText(response));
        Assert.Equal(2, ResponsesHttp.Usage(response).GetProperty("output_tokens").GetInt32());
        Assert.Equal(2, response.GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public async Task ScriptedFailure_500_IsResponseFailedInTheStream_AndAnErrorBodyOtherwise()
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenAI);

        var events = await ResponsesHttp.StreamAsync(server, ResponsesHttp.Body(Scripts.FailingPrompt, stream: true));
        var (status, body) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body(Scripts.FailingPrompt, stream: false));

        Assert.Equal(["response.created", "response.in_progress", "response.failed"], events.Select(e => e.Name));
        var failed = events[^1].Data.GetProperty("response");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(Scripts.FailureMessage, failed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(500, status);
        Assert.Equal(Scripts.FailureMessage, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task ScriptedFailure_Below500_IsAnInBandErrorEvent()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("slow down").Fail("Rate limit reached for requests", statusCode: 429);
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });

        var events = await ResponsesHttp.StreamAsync(server, ResponsesHttp.Body("slow down", stream: true));

        Assert.Equal(["response.created", "response.in_progress", "error"], events.Select(e => e.Name));
        Assert.Equal("rate_limit_exceeded", events[^1].Data.GetProperty("code").GetString());
        Assert.Equal("Rate limit reached for requests", events[^1].Data.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(WireProfile.DeepSeek)]
    [InlineData(WireProfile.Mistral)]
    public async Task ProvidersWithoutTheResponsesApi_Answer404(WireProfile profile)
    {
        await using var server = await Scripts.StartAsync(profile);

        var (status, _) = await RawHttp.PostAsync(server, "/responses", ResponsesHttp.Body("hello", stream: false));

        Assert.Equal(404, status);
        Assert.Equal(0, server.Statistics.Responses);
    }

    [Theory]
    [InlineData("""{"input":42}""", "'input'")]
    [InlineData("""{"input":[{"type":"message"}]}""", "input[0]")]
    [InlineData("""{"input":[{"type":"function_call_output","output":"1"}]}""", "call_id")]
    [InlineData("""{"input":[{"type":"computer_call"}]}""", "computer_call")]
    [InlineData("""{"input":"hi","tools":[{"type":"web_search"}]}""", "tools[0]")]
    [InlineData("""{"input":"hi","max_output_tokens":0}""", "max_output_tokens")]
    public async Task InvalidRequests_Get400_NamingTheProblem(string body, string named)
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenAI);

        var (status, json) = await ResponsesHttp.PostAsync(server, body);

        Assert.Equal(400, status);
        Assert.Contains(named, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
