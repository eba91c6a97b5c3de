using System.ComponentModel;
using System.Text.Json;
using Connectors.Custom.Testing;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Agents.Tests.Responses;

/// <summary>
/// The Responses client against the local server's <c>/v1/responses</c>, once per wire profile that serves it: text,
/// streaming, reasoning, usage, JSON schema output, SK automatic function calling, errors in and out of band, and the
/// fallback from server state to the whole conversation.
/// </summary>
public sealed class ResponsesEndToEndTests
{
    private const string Model = LocalServerOptions.DefaultChatModelId;

    /// <summary>Every profile whose server serves the Responses API, with the connector preset for it.</summary>
    public static TheoryData<WireProfile, string> Profiles => new()
    {
        { WireProfile.OpenAI, "OpenAI" },
        { WireProfile.Ollama, "Ollama" },
        { WireProfile.Vllm, "vLLM" },
        { WireProfile.LMStudio, "LMStudio" },
        { WireProfile.OpenRouter, "OpenRouter" },
        { WireProfile.Groq, "Groq" },
        { WireProfile.Together, "Together" },
        { WireProfile.LlamaCpp, "LlamaCpp" },
    };

    /// <summary>The profiles whose server keeps nothing, or nothing by default: a user who opts into server state
    /// anyway (overriding the preset) is carried by the fallback.</summary>
    public static TheoryData<WireProfile, string> StatelessProfiles => new()
    {
        { WireProfile.Ollama, "Ollama" },
        { WireProfile.Vllm, "vLLM" },
        { WireProfile.OpenRouter, "OpenRouter" },
        { WireProfile.Groq, "Groq" },
        { WireProfile.Together, "Together" },
        { WireProfile.LlamaCpp, "LlamaCpp" },
    };

    private static Task<LocalOpenAIServer> StartAsync(WireProfile profile, Func<ChatScriptRequest, ChatReply> reply) =>
        LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile, ChatScript = ChatScript.From(reply) });

    private static CustomChatCompletionOptions Options(LocalOpenAIServer server, string preset, Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions
        {
            Provider = preset,
            Endpoint = server.BaseAddress,
            ModelId = Model,
            ApiKey = "local-key",
            Api = ChatApi.Responses,
            Resilience = { Enabled = false },
        };
        configure?.Invoke(options);
        return options;
    }

    private static JsonElement Json(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ChatClient_TextReasoningAndUsage_WholeAndStreamed(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, _ => new ChatReply("Paris is the capital.") { Reasoning = "The user asks about France." });
        using var client = new CustomChatClient(Options(server, preset));

        var whole = await client.GetResponseAsync("Capital of France?");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Capital of France?"))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        foreach (var response in new[] { whole, streamed })
        {
            Assert.Equal("Paris is the capital.", response.Text.Trim());
            var reasoning = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));
            Assert.Equal("The user asks about France.", reasoning.Trim());
            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
            Assert.True(response.Usage!.InputTokenCount > 0);
            Assert.True(response.Usage.OutputTokenCount > 0);
            Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
            Assert.StartsWith("resp", response.ResponseId);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the streamed answer arrives in several deltas");
        Assert.All(server.Requests, r => Assert.Equal("/v1/responses", r.Path));
        Assert.All(server.Requests, r => Assert.False(Json(r).GetProperty("store").GetBoolean()));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Kernel_AutoFunctionCalling_RoundTripsToolItems_WholeAndStreamed(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, request => request.Messages[^1] is { Role: "tool" } last
            ? new ChatReply($"It is {last.Text} in Oslo.")
            : ChatReply.CallTools(new ChatScriptToolCall("Weather_get_weather", """{"city":"Oslo"}""")));
        var weather = new WeatherPlugin();
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(Options(server, preset));
        builder.Plugins.AddFromObject(weather, "Weather");
        var kernel = builder.Build();
        var settings = new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        var result = await kernel.InvokePromptAsync("Weather in Oslo?", new KernelArguments(settings));
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var streamed = new List<StreamingChatMessageContent>();
        await foreach (var update in chat.GetStreamingChatMessageContentsAsync(new ChatHistory("Weather in Oslo?"), settings, kernel))
        {
            streamed.Add(update);
        }

        Assert.Equal("It is 7 C, rain in Oslo.", result.GetValue<string>());
        Assert.Equal("It is 7 C, rain in Oslo.", string.Concat(streamed.Select(s => s.Content)));
        Assert.Equal(["Oslo", "Oslo"], weather.Cities);
        Assert.NotNull(result.Metadata?["Usage"]);

        // The second request of each round trip carries the call and its result as items, whole and stateless.
        var requests = server.Requests.Select(Json).ToList();
        Assert.Equal(4, requests.Count);
        foreach (var second in new[] { requests[1], requests[3] })
        {
            Assert.False(second.TryGetProperty("previous_response_id", out _));
            var items = second.GetProperty("input").EnumerateArray().ToList();
            var call = items.Single(i => i.GetProperty("type").GetString() == "function_call");
            var output = items.Single(i => i.GetProperty("type").GetString() == "function_call_output");
            Assert.Equal("Weather_get_weather", call.GetProperty("name").GetString());
            Assert.Equal(call.GetProperty("call_id").GetString(), output.GetProperty("call_id").GetString());
            Assert.Equal("7 C, rain", output.GetProperty("output").GetString());
        }

        Assert.Equal("Weather_get_weather", requests[0].GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ChatClient_JsonSchemaOutput_IsAskedInTextFormatAndRead(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, request => new ChatReply(request.WantsJson ? """{"city":"Paris","population":2100000}""" : "not json"));
        using var client = new CustomChatClient(Options(server, preset));

        var response = await client.GetResponseAsync<CityFact>("Largest city in France?", useJsonSchemaResponseFormat: true);

        Assert.Equal(new CityFact("Paris", 2100000), response.Result);
        var format = Json(Assert.Single(server.Requests)).GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("object", format.GetProperty("schema").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Errors_OutOfBandAndInBand_AreTypedLikeChat(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, _ => ChatReply.Fail("The model is overloaded", 503));
        using var client = new CustomChatClient(Options(server, preset));

        var outOfBand = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("Hi"));
        var inBand = await Assert.ThrowsAsync<CustomEndpointException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi"))
            {
                _ = update;
            }
        });

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, outOfBand.StatusCode);
        Assert.False(outOfBand.IsInBandError);
        Assert.Contains("The model is overloaded", outOfBand.Message);
        Assert.True(inBand.IsInBandError);
        Assert.Contains("The model is overloaded", inBand.Message);
    }

    [Theory]
    [InlineData(WireProfile.OpenAI, "OpenAI")]
    [InlineData(WireProfile.LMStudio, "LMStudio")]
    public async Task ServerState_OnStatefulServers_ContinuesWithOnlyTheNewItems(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, request => new ChatReply($"Turn {request.Messages.Count(m => m.Role == "user")}"));
        using var client = new CustomChatClient(Options(server, preset, o => o.UseServerState = true));
        List<ChatMessage> history = [new(ChatRole.User, "One")];

        var first = await client.GetResponseAsync(history);
        history.AddRange(first.Messages);
        history.Add(new(ChatRole.User, "Two"));
        var second = await client.GetResponseAsync(history);

        // The server saw both user turns (it continued the stored response) though only the new one was sent.
        Assert.Equal("Turn 2", second.Text);
        var request = Json(server.Requests[1]);
        Assert.Equal(first.ResponseId, request.GetProperty("previous_response_id").GetString());
        Assert.Single(request.GetProperty("input").EnumerateArray());
        Assert.True(second.Usage!.CachedInputTokenCount > 0);
        Assert.Equal(1, second.AdditionalProperties![CustomMetadataKeys.Attempts]);
    }

    [Theory]
    [MemberData(nameof(StatelessProfiles))]
    public async Task ServerState_OnServersWithoutIt_FallsBackToTheWholeConversationOnce(WireProfile profile, string preset)
    {
        await using var server = await StartAsync(profile, request => new ChatReply($"Turn {request.Messages.Count(m => m.Role == "user")}"));
        using var client = new CustomChatClient(Options(server, preset, o =>
        {
            o.Quirks.Responses = ResponsesSupport.Stateful; // the user believes this server keeps state
            o.UseServerState = true;
        }));
        List<ChatMessage> history = [new(ChatRole.User, "One")];

        var first = await client.GetResponseAsync(history);
        history.AddRange(first.Messages);
        history.Add(new(ChatRole.User, "Two"));
        var second = await client.GetResponseAsync(history);
        history.AddRange(second.Messages);
        history.Add(new(ChatRole.User, "Three"));
        var third = await client.GetResponseAsync(history);

        Assert.Equal(("Turn 2", "Turn 3"), (second.Text, third.Text));
        Assert.Equal(2, second.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(1, third.AdditionalProperties![CustomMetadataKeys.Attempts]);
        var requests = server.Requests.Select(Json).ToList();
        Assert.Equal(4, requests.Count);
        Assert.True(requests[1].TryGetProperty("previous_response_id", out _));
        Assert.All(requests.Skip(2), r => Assert.False(r.TryGetProperty("previous_response_id", out _)));
        Assert.All(requests.Skip(2), r => Assert.False(r.GetProperty("store").GetBoolean()));
        Assert.Equal(5, requests[3].GetProperty("input").GetArrayLength());
    }

    [Fact]
    public async Task Server_EchoesAnIndentedToolSchemaOnOneLine_SoEveryStreamedEventIsWholeJson()
    {
        // M.E.AI.OpenAI sends its tool schemas indented; response.created echoes the tools back inside one data line.
        await using var server = await StartAsync(WireProfile.OpenAI, _ => new ChatReply("Fine"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "local-key");
        var body = """
            {"model":"local-scripted","stream":true,"input":"Hi","tools":[{"type":"function","name":"get_weather","parameters":{
              "type": "object",
              "properties": {
                "city": { "type": "string" }
              }
            }}]}
            """;

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/responses"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var data = (await response.Content.ReadAsStringAsync()).Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).ToList();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var events = data.Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement).ToList();
        var created = events.First(e => e.GetProperty("type").GetString() == "response.created");
        var schema = created.GetProperty("response").GetProperty("tools")[0].GetProperty("parameters");
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("response.completed", events[^1].GetProperty("type").GetString());
    }

    private sealed record CityFact(string City, int Population);

    private sealed class WeatherPlugin
    {
        public List<string> Cities { get; } = [];

        [KernelFunction("get_weather")]
        [Description("Gets the current weather in a city.")]
        public string GetWeather([Description("The city.")] string city)
        {
            lock (Cities)
            {
                Cities.Add(city);
            }

            return "7 C, rain";
        }
    }
}
