namespace Connectors.Custom.Testing.Tests;

/// <summary><c>previous_response_id</c> per profile: stateful servers continue from what they stored, the others
/// refuse it in their own way, which is what a client's stateful-to-stateless fallback has to recognise.</summary>
public sealed class ResponsesStateTests
{
    /// <summary>Answers with how many messages the script saw, so a test can tell whether history was prepended.</summary>
    private static ScriptedChat Counting()
    {
        var script = Scripts.Calculator();
        script.Otherwise(request => new ChatReply($"Saw {request.Messages.Count} messages, last {request.LastUserMessage}"));
        return script;
    }

    private static Task<LocalOpenAIServer> StartAsync(WireProfile profile) =>
        LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = Counting(), WireProfile = profile });

    [Theory]
    [InlineData(WireProfile.OpenAI, false)]
    [InlineData(WireProfile.OpenAI, true)]
    [InlineData(WireProfile.LMStudio, false)]
    [InlineData(WireProfile.LMStudio, true)]
    public async Task Stateful_PreviousResponseId_ContinuesTheConversation_WithTheHistoryCached(WireProfile profile, bool stream)
    {
        await using var server = await StartAsync(profile);
        var (_, first) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("one two", stream: false, extra: ""","instructions":"Not carried over." """));
        Assert.True(first.GetProperty("store").GetBoolean());
        var id = first.GetProperty("id").GetString();

        var body = ResponsesHttp.Body("three", stream, extra: $$""","previous_response_id":"{{id}}" """);
        var second = stream ? (await ResponsesHttp.StreamAsync(server, body))[^1].Data.GetProperty("response") : (await ResponsesHttp.PostAsync(server, body)).Json;

        // History: the first input and answer (the first instructions are not carried over), then the new input.
        Assert.Equal("Saw 3 messages, last three", ResponsesHttp.OutputText(second));
        Assert.Equal(id, second.GetProperty("previous_response_id").GetString());
        var usage = ResponsesHttp.Usage(second);
        var cachedHistory = (1 + 2) + (1 + 6); // "one two" and "Saw 2 messages, last one two"
        Assert.Equal(cachedHistory, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(cachedHistory + 2, usage.GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task Stateful_ToolLoop_OnlyTheFunctionOutputIsSent_TheCallComesFromTheStore()
    {
        await using var server = await StartAsync(WireProfile.OpenAI);
        var (_, first) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("add", stream: false, tools: true));
        var callId = Assert.Single(ResponsesHttp.Items(first, "function_call")).GetProperty("call_id").GetString();

        var input = $$"""[{"type":"function_call_output","call_id":"{{callId}}","output":"42"}]""";
        var (status, second) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body(input, stream: false, tools: true, extra: $$""","previous_response_id":"{{first.GetProperty("id").GetString()}}" """));

        Assert.Equal(200, status);
        Assert.Equal("The result is 42", ResponsesHttp.OutputText(second));
    }

    [Fact]
    public async Task OpenAI_UnknownOrUnstoredId_Is400PreviousResponseNotFound()
    {
        await using var server = await StartAsync(WireProfile.OpenAI);
        var (_, unstored) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("hi", stream: false, extra: ""","store":false"""));
        Assert.False(unstored.GetProperty("store").GetBoolean());

        foreach (var id in new[] { "resp_never_made", unstored.GetProperty("id").GetString()! })
        {
            var (status, error) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("again", stream: true, extra: $$""","previous_response_id":"{{id}}" """));

            Assert.Equal(400, status);
            Assert.Equal("previous_response_not_found", error.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains(id, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LMStudio_UnknownId_Is400InItsTextErrorShape()
    {
        await using var server = await StartAsync(WireProfile.LMStudio);

        var (status, error) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("again", stream: false, extra: ""","previous_response_id":"resp_x" """));

        Assert.Equal(400, status);
        Assert.Equal("Previous response with id 'resp_x' not found.", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Vllm_StoreIsOff_EvenWhenAskedFor_SoEveryPreviousIdIs404NotFound()
    {
        await using var server = await StartAsync(WireProfile.Vllm);
        var (_, first) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("hi", stream: false, extra: ""","store":true"""));
        var id = first.GetProperty("id").GetString();
        Assert.False(first.GetProperty("store").GetBoolean());

        var (status, error) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("again", stream: false, extra: $$""","previous_response_id":"{{id}}" """));

        Assert.Equal(404, status);
        Assert.Equal($"Response with id '{id}' not found.", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(404, error.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(WireProfile.Ollama)]
    [InlineData(WireProfile.OpenRouter)]
    [InlineData(WireProfile.Groq)]
    [InlineData(WireProfile.Together)]
    public async Task Stateless_RefusePreviousResponseId_Even_ForTheirOwnResponses(WireProfile profile)
    {
        await using var server = await StartAsync(profile);
        var (_, first) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("hi", stream: false));
        Assert.False(first.GetProperty("store").GetBoolean());

        var (status, body) = await RawHttp.PostAsync(server, "/responses", ResponsesHttp.Body("again", stream: true, extra: $$""","previous_response_id":"{{first.GetProperty("id").GetString()}}" """));

        Assert.Equal(400, status);
        Assert.Contains("previous_response_id is not supported", body, StringComparison.Ordinal);
        Assert.Equal(2, server.Statistics.Responses);
    }

    [Fact]
    public async Task RefusedPreviousId_IsNeverFaulted()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = WireProfile.Ollama,
            Faults = new FaultOptions { Override = _ => FaultKind.ServerError },
        });

        var (status, _) = await RawHttp.PostAsync(server, "/responses", ResponsesHttp.Body("again", stream: false, extra: ""","previous_response_id":"resp_1" """));

        Assert.Equal(400, status);
        Assert.Equal(0, server.Statistics.FaultsInjected);
    }
}
