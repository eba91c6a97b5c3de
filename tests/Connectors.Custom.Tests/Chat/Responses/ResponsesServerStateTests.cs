using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using static Connectors.Custom.Tests.Chat.Responses.ResponsesWire;

namespace Connectors.Custom.Tests.Chat.Responses;

/// <summary>Stateless by default; opt-in server state with previous_response_id, and the fallback to full input.</summary>
public sealed class ResponsesServerStateTests : LoopbackTest
{
    private CustomChatClient CreateClient(string provider, bool useServerState, bool resilience = false)
    {
        var options = new CustomChatCompletionOptions
        {
            Provider = provider,
            Endpoint = Server.BaseAddress,
            ModelId = Model,
            ApiKey = "test-key",
            Api = ChatApi.Responses,
            UseServerState = useServerState,
            Resilience = { Enabled = resilience },
        };
        return new CustomChatClient(options);
    }

    private static List<ChatMessage> Continue(List<ChatMessage> history, ChatResponse response, string next)
    {
        history.AddRange(response.Messages);
        history.Add(new ChatMessage(ChatRole.User, next));
        return history;
    }

    [Fact]
    public async Task ServerState_SecondTurn_SendsPreviousResponseIdAndOnlyNewItems()
    {
        Server.EnqueueBody(Response(id: "resp_a", output: [Message("One")]));
        Server.EnqueueBody(Response(id: "resp_b", output: [Message("Two")]));
        using var client = CreateClient("OpenAI", useServerState: true);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await client.GetResponseAsync(history);
        await client.GetResponseAsync(Continue(history, first, "Second"));

        var (request1, request2) = (Server.Requests[0].Json, Server.Requests[1].Json);
        Assert.True(request1.GetProperty("store").GetBoolean());
        Assert.False(request1.TryGetProperty("previous_response_id", out _));
        Assert.True(request2.GetProperty("store").GetBoolean());
        Assert.Equal("resp_a", request2.GetProperty("previous_response_id").GetString());
        var input = Assert.Single(request2.GetProperty("input").EnumerateArray());
        Assert.Equal("Second", input.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ServerState_Streaming_ContinuesTheStreamedResponse()
    {
        Server.EnqueueStream(Stream(Created("resp_s1"), TextDelta("One"), Completed("resp_s1")));
        Server.EnqueueBody(Response(id: "resp_2", output: [Message("Two")]));
        using var client = CreateClient("LMStudio", useServerState: true);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(history))
        {
            updates.Add(update);
        }

        await client.GetResponseAsync(Continue(history, updates.ToChatResponse(), "Second"));

        Assert.Equal("resp_s1", Server.Requests[1].Json.GetProperty("previous_response_id").GetString());
        Assert.Single(Server.Requests[1].Json.GetProperty("input").EnumerateArray());
    }

    [Fact]
    public async Task ServerState_ResponseNotFound_RetriesOnceWithFullInputAndStaysStateless()
    {
        Server.EnqueueBody(Response(id: "resp_a", output: [Message("One")]));
        Server.EnqueueBody("""{"error":{"message":"Previous response with id 'resp_a' not found.","type":"invalid_request_error","param":"previous_response_id","code":"previous_response_not_found"}}""", status: 400);
        Server.EnqueueBody(Response(id: "resp_b", output: [Message("Two")]));
        Server.EnqueueBody(Response(id: "resp_c", output: [Message("Three")]));
        using var client = CreateClient("OpenAI", useServerState: true);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await client.GetResponseAsync(history);
        var second = await client.GetResponseAsync(Continue(history, first, "Second"));
        await client.GetResponseAsync(Continue(history, second, "Third"));

        Assert.Equal("Two", second.Text);
        Assert.Equal(2, second.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(4, Server.Requests.Count);
        var retried = Server.Requests[2].Json;
        Assert.False(retried.TryGetProperty("previous_response_id", out _));
        Assert.False(retried.GetProperty("store").GetBoolean());
        Assert.Equal(3, retried.GetProperty("input").GetArrayLength());
        var third = Server.Requests[3].Json;
        Assert.False(third.TryGetProperty("previous_response_id", out _));
        Assert.Equal(5, third.GetProperty("input").GetArrayLength());
    }

    [Theory]
    [InlineData(404, """{"error":{"message":"Response with id 'resp_a' not found."}}""")]
    [InlineData(400, """{"error":{"message":"previous_response_id is not supported","type":"invalid_request_error"}}""")]
    public async Task ServerState_EachServersNotFoundShape_FallsBack(int status, string body)
    {
        Server.EnqueueBody(Response(id: "resp_a", output: [Message("One")]));
        Server.EnqueueBody(body, status: status);
        Server.EnqueueBody(Response(id: "resp_b", output: [Message("Two")]));
        using var client = CreateClient("OpenAI", useServerState: true);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await client.GetResponseAsync(history);
        var second = await client.GetResponseAsync(Continue(history, first, "Second"));

        Assert.Equal("Two", second.Text);
        Assert.False(Server.Requests[2].Json.TryGetProperty("previous_response_id", out _));
    }

    [Fact]
    public async Task ServerState_OtherClientError_IsNotMistakenForLostState()
    {
        Server.EnqueueBody(Response(id: "resp_a", output: [Message("One")]));
        Server.EnqueueBody("""{"error":{"message":"Invalid value for 'temperature'","param":"temperature"}}""", status: 400);
        using var client = CreateClient("OpenAI", useServerState: true);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await client.GetResponseAsync(history);
        await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync(Continue(history, first, "Second")));

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Stateless_ByDefault_EvenOnAStatefulServer()
    {
        Server.EnqueueBody(Response(id: "resp_a", output: [Message("One")]));
        Server.EnqueueBody(Response(id: "resp_b", output: [Message("Two")]));
        using var client = CreateClient("OpenAI", useServerState: false);
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await client.GetResponseAsync(history);
        await client.GetResponseAsync(Continue(history, first, "Second"));

        var second = Server.Requests[1].Json;
        Assert.False(second.GetProperty("store").GetBoolean());
        Assert.False(second.TryGetProperty("previous_response_id", out _));
        Assert.Equal(3, second.GetProperty("input").GetArrayLength());
    }

    [Theory]
    [InlineData("Ollama")]
    [InlineData("vLLM")]
    [InlineData("OpenRouter")]
    [InlineData("Groq")]
    [InlineData("Together")]
    public void UseServerState_OnAServerWithoutState_IsRefusedByName(string provider)
    {
        var error = Assert.Throws<ArgumentException>(() => CreateClient(provider, useServerState: true));

        Assert.Contains(nameof(CustomChatCompletionOptions.UseServerState), error.Message);
        Assert.Contains("Stateless", error.Message);
    }

    [Theory]
    [InlineData("DeepSeek")]
    [InlineData("Mistral")]
    public void Responses_OnAServerWithoutIt_IsRefusedNamingThePreset(string provider)
    {
        var error = Assert.Throws<ArgumentException>(() => CreateClient(provider, useServerState: false));

        Assert.Contains(provider, error.Message);
        Assert.Contains("/responses", error.Message);
    }

    [Theory]
    [InlineData("OpenAI", ResponsesSupport.Stateful)]
    [InlineData("AzureOpenAI", ResponsesSupport.Stateful)]
    [InlineData("xAI", ResponsesSupport.Stateful)]
    [InlineData("LMStudio", ResponsesSupport.Stateful)]
    [InlineData("Ollama", ResponsesSupport.Stateless)]
    [InlineData("vLLM", ResponsesSupport.Stateless)]
    [InlineData("OpenRouter", ResponsesSupport.Stateless)]
    [InlineData("Groq", ResponsesSupport.Stateless)]
    [InlineData("Together", ResponsesSupport.Stateless)]
    [InlineData("LlamaCpp", ResponsesSupport.Stateless)]
    [InlineData("DeepSeek", ResponsesSupport.NotSupported)]
    [InlineData("Mistral", ResponsesSupport.NotSupported)]
    public void Presets_SayWhetherTheyServeResponsesAndKeepState(string provider, ResponsesSupport expected) =>
        Assert.Equal(expected, CustomProviders.FromName(provider).CreateQuirkProfile().Responses);

    [Fact]
    public void Configuration_ReadsApiServerStateAndTheQuirk()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Api"] = "Responses",
            ["Chat:UseServerState"] = "true",
            ["Chat:Quirks:Responses"] = "Stateful",
        }).Build();

        var options = CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions());

        Assert.Equal(ChatApi.Responses, options.Api);
        Assert.True(options.UseServerState);
        Assert.Equal(ResponsesSupport.Stateful, options.Quirks.Responses);
    }
}
