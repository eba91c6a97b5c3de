using System.ComponentModel;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The scripted model's rules, tool calls and JSON mode, driven through our real <see cref="CustomChatClient"/>.</summary>
public sealed class ScriptedChatTests
{
    [Fact]
    public async Task NoRules_EchoesTheLastUserMessage_AsTheDefaultModel()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync("hello there");

        Assert.Equal("Echo: hello there", response.Text);
        Assert.Equal("local-scripted", response.ModelId);
    }

    [Fact]
    public async Task Rules_AreTriedInOrder_AndUnmatchedRequestsAreEchoed()
    {
        var script = new ScriptedChat()
            .WhenUserSays("capital of France").Reply("Paris.")
            .WhenUserSays("France").Reply("Never reached for the capital question.")
            .When(r => r.SystemPrompt.Contains("pirate", StringComparison.Ordinal)).Reply(r => $"Arr, {r.LastUserMessage}!");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        Assert.Equal("Paris.", (await client.GetResponseAsync("What is the CAPITAL OF FRANCE?")).Text);
        Assert.Equal("Never reached for the capital question.", (await client.GetResponseAsync("Tell me about France")).Text);
        Assert.Equal("Arr, ahoy!", (await client.GetResponseAsync([new(ChatRole.System, "You are a pirate."), new(ChatRole.User, "ahoy")])).Text);
        Assert.Equal("Echo: something else", (await client.GetStreamingResponseAsync("something else").CollectAsync()).ToChatResponse().Text);
    }

    [Fact]
    public async Task RuleAdded_AfterStart_IsUsed()
    {
        var script = new ScriptedChat();
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        Assert.Equal("Echo: ping", (await client.GetResponseAsync("ping")).Text);
        script.WhenUserSays("ping").Reply("pong");
        Assert.Equal("pong", (await client.GetResponseAsync("ping")).Text);
    }

    [Fact]
    public async Task CallTool_WithoutTheToolOffered_DoesNotApply()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("add").CallTool("Add", """{"a":1,"b":2}""");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync("please add");

        Assert.Equal("Echo: please add", response.Text);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
    }

    [Fact]
    public async Task CallTool_WithTheToolOffered_ReturnsTheCall_ThenAnswersWithTheResult()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("add").CallTool("Add", """{"a":17,"b":25}""").ThenReply("17 + 25 = {result}");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a + b, "Math_Add")] };

        var first = await client.GetResponseAsync("please add", options);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent));
        Assert.Equal("Math_Add", call.Name);
        Assert.Equal(17, ((JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        List<ChatMessage> history = [new(ChatRole.User, "please add"), .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent(call.CallId, 42)])];
        var second = await client.GetResponseAsync(history, options);

        Assert.Equal("17 + 25 = 42", second.Text);
    }

    [Fact]
    public async Task ToolChoiceNone_KeepsTheRuleFromCalling()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("add").CallTool("Add", "{}");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync("add", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 0, "Add")], ToolMode = ChatToolMode.None });

        Assert.Equal("Echo: add", response.Text);
    }

    [Fact]
    public async Task AndCallTool_MakesParallelCalls_AndResultsFillTheAnswer()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("weather").CallTool("Weather", """{"city":"Paris"}""").AndCallTool("Weather", """{"city":"Oslo"}""").ThenReply("Forecasts: {results}");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => city, "Weather")] };

        var first = await client.GetStreamingResponseAsync([new(ChatRole.User, "weather please")], options).CollectAsync();
        var calls = first.ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);

        List<ChatMessage> history =
        [
            new(ChatRole.User, "weather please"),
            .. first.ToChatResponse().Messages,
            new(ChatRole.Tool, [new FunctionResultContent(calls[0].CallId, "sunny"), new FunctionResultContent(calls[1].CallId, "snow")]),
        ];
        Assert.Equal("Forecasts: sunny, snow", (await client.GetResponseAsync(history, options)).Text);
    }

    [Fact]
    public async Task Reply_WithReasoning_ArrivesAsReasoningContent()
    {
        var script = new ScriptedChat().WhenUserSays("think").Reply("Done thinking.", reasoning: "Let me consider this.");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script, WireProfile = WireProfile.DeepSeek });
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync("think");

        Assert.Equal("Done thinking.", response.Text);
        Assert.Equal("Let me consider this.", Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>()).Text);
        Assert.Equal(4, response.Usage!.ReasoningTokenCount);
    }

    [Fact]
    public async Task Fail_GivesTheStatusAndMessage()
    {
        var script = new ScriptedChat().WhenUserSays("break").Fail("the scripted model refuses", 503);
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("break"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("the scripted model refuses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otherwise_ReplacesTheEcho()
    {
        var script = new ScriptedChat().Otherwise(_ => new ChatReply("I only know scripted lines."));
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        Assert.Equal("I only know scripted lines.", (await client.GetResponseAsync("anything")).Text);
    }

    [Fact]
    public async Task JsonObjectMode_RepliesWithAJsonObject()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync("say \"hi\"", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        using var json = JsonDocument.Parse(response.Text);
        Assert.Equal("say \"hi\"", json.RootElement.GetProperty("echo").GetString());
        Assert.Contains("\"json_object\"", server.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonSchemaMode_RepliesWithTheRequiredProperties_AndDeserializes()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync<Recipe>("a recipe please", useJsonSchemaResponseFormat: true);

        Assert.Contains("\"json_schema\"", server.Requests[0].Body, StringComparison.Ordinal);
        Assert.NotNull(response.Result);
        Assert.Equal(string.Empty, response.Result.Title);
        Assert.Equal(0, response.Result.Servings);
        Assert.Empty(response.Result.Steps);
        Assert.Equal(Difficulty.Easy, response.Result.Level);
        Assert.Equal(string.Empty, response.Result.Author.Name);
        Assert.Equal("optional, left out", response.Result.Note);
    }

    [Fact]
    public async Task JsonSchemaMode_HonoursEnumsConstantsRefsAndMinimums()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();
        const string Schema = """
            {"type":"object","required":["kind","fixed","count","tags","child","when","optional"],
             "properties":{
               "kind":{"enum":["b","a"]},"fixed":{"const":7},"count":{"type":"integer","minimum":3},
               "tags":{"type":"array","minItems":2,"items":{"type":"string","minLength":2}},
               "child":{"$ref":"#/$defs/child"},"when":{"type":"string","format":"date-time"},
               "optional":{"type":["null","boolean"]},"ignored":{"type":"string"}},
             "$defs":{"child":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}
            """;
        var body = """{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","strict":true,"schema":""" + Schema + "}}}";

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(body));
        using var completion = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var content = completion.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

        Assert.Equal("""{"kind":"b","fixed":7,"count":3,"tags":["xx","xx"],"child":{"name":""},"when":"2000-01-01T00:00:00Z","optional":false}""", content);
    }

    private enum Difficulty
    {
        Easy,
        Hard,
    }

    /// <summary>C# <c>required</c> members become the schema's <c>required</c> list; the others are optional and left out.</summary>
    private sealed class Recipe
    {
        [Description("The recipe's name")]
        public required string Title { get; set; }

        public required int Servings { get; set; }

        public required List<string> Steps { get; set; }

        public required Difficulty Level { get; set; }

        public required Person Author { get; set; }

        public string Note { get; set; } = "optional, left out";
    }

    [Fact]
    public async Task When_WithNoReply_IsRefusedAtStart()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("forgotten");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script }));

        Assert.Contains("1 rule(s) started with When(...)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_WithNoReply_AddedWhileRunning_FailsEachRequestNamingTheMistake()
    {
        var script = new ScriptedChat();
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        var pending = script.When(_ => true);

        var (status, body) = await RawHttp.PostAsync(server, "/chat/completions", Clients.ChatBody);
        pending.Reply("now complete");
        var (after, completed) = await RawHttp.PostAsync(server, "/chat/completions", Clients.ChatBody);

        Assert.Equal(500, status);
        Assert.Contains("given no reply", body, StringComparison.Ordinal);
        Assert.Equal(200, after);
        Assert.Contains("now complete", completed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_FillsTheSamePlaceholdersAsThenReply()
    {
        var script = new ScriptedChat()
            .WhenUserSays("repeat").Reply("You said: {user}")
            .When(r => r.LastToolResult is not null).Reply("Result {result}; all: {results}");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);
        var call = new FunctionCallContent("call_1", "Lookup");

        var echoed = await client.GetResponseAsync("repeat after me");
        var answered = await client.GetResponseAsync(
        [
            new(ChatRole.User, "look it up"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "42")]),
        ]);

        Assert.Equal("You said: repeat after me", echoed.Text);
        Assert.Equal("Result 42; all: 42", answered.Text);
    }

    [Fact]
    public async Task ChatScriptFrom_AFunction_AnswersEveryRequest()
    {
        var script = ChatScript.From(request => request.Tools.Count > 0
            ? ChatReply.CallTools(new ChatScriptToolCall(request.Tools[0].Name, """{"q":"x"}""", id: "call_fixed"))
            : new ChatReply($"{request.Messages.Count} message(s)"));
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);

        var plain = await client.GetResponseAsync("hi");
        var withTool = await client.GetResponseAsync("hi", new ChatOptions { Tools = [AIFunctionFactory.Create((string q) => q, "Search")] });

        Assert.Equal("1 message(s)", plain.Text);
        var call = Assert.Single(withTool.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_fixed", "Search"), (call.CallId, call.Name));
    }

    [Fact]
    public async Task ToolRule_ChangedAfterItWasRegistered_IsReplacedWhole()
    {
        var script = new ScriptedChat();
        var rule = script.WhenUserSays("weather").CallTool("Weather", """{"city":"Paris"}""");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        using var client = Clients.Chat(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => city, "Weather")] };

        var before = await client.GetResponseAsync("weather", options);
        rule.AndCallTool("Weather", """{"city":"Oslo"}""");
        var after = await client.GetResponseAsync("weather", options);

        Assert.Single(before.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(2, after.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count());
    }

    private sealed class Person
    {
        public required string Name { get; set; }
    }
}
