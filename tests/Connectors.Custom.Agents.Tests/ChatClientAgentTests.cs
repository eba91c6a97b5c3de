using System.Collections.Concurrent;
using System.ComponentModel;
using Connectors.Custom.Agents.Tests.Infrastructure;
using Connectors.Custom.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel; // AddCustomChatCompletion
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace Connectors.Custom.Agents.Tests;

/// <summary>
/// Microsoft Agent Framework's <see cref="ChatClientAgent"/> on the <see cref="IChatClient"/> our registration adds:
/// instructions, tools and a conversation session kept across turns.
/// </summary>
public sealed class ChatClientAgentTests
{
    private const string Model = "concierge-model";
    private const string Instructions = "You are a travel concierge. Answer in one sentence.";

    [Fact]
    public async Task Agent_runs_its_tool_and_keeps_the_session_history_across_turns()
    {
        var weatherCalls = new ConcurrentQueue<string>();

        // The model calls the tool for the city in the latest user message, then answers from the tool's result;
        // on the second turn it answers from the history alone.
        await using var server = await StartAsync(request => request.Messages[^1] switch
        {
            { Role: "user", Text: "What is the weather in Oslo?" } => Call("call_oslo", "get_weather", """{"city":"Oslo"}"""),
            { Role: "tool", ToolCallId: "call_oslo" } last => new ChatReply($"Oslo has {last.Text}."),
            { Role: "user", Text: "Do I need an umbrella there?" } when request.Messages.Any(m => m.Role == "tool" && m.Text == "7 C, rain") =>
                new ChatReply("Yes, it is raining in Oslo."),
            var other => throw new InvalidOperationException($"unexpected last message {other.Role}: {other.Text}"),
        });
        using var provider = new ServiceCollection().AddCustomChatCompletion(Model, server.BaseAddress).BuildServiceProvider();
        var chatClient = provider.GetRequiredService<IChatClient>();
        var agent = new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            Name = "Concierge",
            ChatOptions = new ChatOptions
            {
                Instructions = Instructions,
                Tools = [AIFunctionFactory.Create(
                    ([Description("The city.")] string city) =>
                    {
                        weatherCalls.Enqueue(city);
                        return city == "Oslo" ? "7 C, rain" : "12 C, sun";
                    },
                    "get_weather",
                    "Gets the current weather in a city.")],
            },
        });


        var session = await agent.CreateSessionAsync();
        var first = await agent.RunAsync("What is the weather in Oslo?", session);
        var second = await agent.RunAsync("Do I need an umbrella there?", session);

        Assert.Equal("Oslo has 7 C, rain.", first.Text);
        Assert.Equal("Yes, it is raining in Oslo.", second.Text);
        Assert.Equal(["Oslo"], weatherCalls);

        // Token usage reported by the server reaches the agent's response, summed over the turn's two round trips. The
        // local server counts one token per word plus one per message: the prompts are 10 + 7 (system, user), then
        // 10 + 7 + 1 + 4 (with the tool call and "7 C, rain"); the answers 2 (one call, one argument word) and 5.
        Assert.Equal((39L, 7L, 46L), (first.Usage?.InputTokenCount, first.Usage?.OutputTokenCount, first.Usage?.TotalTokenCount));

        var requests = server.Requests.Select(r => WireRequest.Parse(r.Body)).ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(Model, r.Model));

        // The agent's instructions go out as the system message, first, on every request; its tool on every request.
        Assert.All(requests, r => Assert.Equal(("system", Instructions), (r.Messages[0].Role, r.Messages[0].Content)));
        Assert.All(requests, r => Assert.Equal(1, r.Messages.Count(m => m.Role == "system")));
        Assert.All(requests, r => Assert.Equal(["get_weather"], r.ToolNames));
        var parameters = requests[0].Json.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters");
        Assert.Equal("string", parameters.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        // Turn 1: the tool round trip.
        Assert.Equal(["system", "user"], requests[0].Messages.Select(m => m.Role));
        Assert.Equal(["system", "user", "assistant", "tool"], requests[1].Messages.Select(m => m.Role));
        Assert.Equal(("call_oslo", "get_weather", """{"city":"Oslo"}"""), (requests[1].Messages[2].ToolCalls[0].Id, requests[1].Messages[2].ToolCalls[0].Name, requests[1].Messages[2].ToolCalls[0].ArgumentsJson));
        Assert.Equal("7 C, rain", requests[1].ToolResult("call_oslo"));

        // Turn 2: the session replays all of turn 1 (question, tool call, tool result, answer) before the new question.
        var history = requests[2].Messages;
        Assert.Equal(
            ["system: " + Instructions, "user: What is the weather in Oslo?", "assistant:  [call_oslo get_weather {\"city\":\"Oslo\"}]", "tool: 7 C, rain", "assistant: Oslo has 7 C, rain.", "user: Do I need an umbrella there?"],
            history.Select(m => m.ToString()));

        // The session keeps the whole conversation, tool call and result included, as M.E.AI content.
        var stored = Assert.IsType<InMemoryChatHistoryProvider>(agent.ChatHistoryProvider).GetMessages(session);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], stored.Select(m => m.Role));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(stored[1].Contents));
        Assert.Equal(("call_oslo", "get_weather", "Oslo"), (call.CallId, call.Name, call.Arguments!["city"]?.ToString()));
        Assert.Equal("call_oslo", Assert.IsType<FunctionResultContent>(Assert.Single(stored[2].Contents)).CallId);
        Assert.Equal("Yes, it is raining in Oslo.", stored[5].Text);
        Assert.Equal("Concierge", stored[5].AuthorName);
    }

    [Fact]
    public async Task Agent_on_a_bare_CustomChatClient_streams_a_tool_calling_turn()
    {
        // No registration: the agent wraps the bare client in its own function-invoking layer, and both model turns
        // arrive as SSE (the tool call's arguments split across chunks).
        var lookups = new ConcurrentQueue<string>();
        await using var server = await StartAsync(request => request.Messages[^1] is { Role: "tool" } last
            ? new ChatReply($"Bergen is sunny: {last.Text}.")
            : Call("call_bergen", "get_weather", """{"city":"Bergen"}"""));
        using var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = server.BaseAddress, ModelId = Model });
        var agent = client.AsAIAgent(
            Instructions,
            "Concierge",
            tools: [AIFunctionFactory.Create((string city) => { lookups.Enqueue(city); return "12 C, sun"; }, "get_weather")]);

        var updates = new List<AgentResponseUpdate>();
        await foreach (var update in agent.RunStreamingAsync("Weather in Bergen?", await agent.CreateSessionAsync()))
        {
            updates.Add(update);
        }

        Assert.Equal(["Bergen"], lookups);
        Assert.Equal("Bergen is sunny: 12 C, sun.", string.Concat(updates.Select(u => u.Text)));
        var streamedCall = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_bergen", "Bergen"), (streamedCall.CallId, streamedCall.Arguments!["city"]?.ToString()));
        Assert.Contains(updates, u => u.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == "call_bergen"));

        var requests = server.Requests.Select(r => WireRequest.Parse(r.Body)).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.Stream));
        Assert.All(requests, r => Assert.Equal(("system", Instructions), (r.Messages[0].Role, r.Messages[0].Content)));
        Assert.Equal("12 C, sun", requests[1].ToolResult("call_bergen"));
    }

    [Fact]
    public async Task Agent_structured_output_sends_a_json_schema_and_reads_the_typed_result()
    {
        await using var server = await StartAsync(_ => new ChatReply("""{"destination":"Oslo","score":8}"""));
        using var provider = new ServiceCollection().AddCustomChatCompletion(Model, server.BaseAddress).BuildServiceProvider();
        var agent = provider.GetRequiredService<IChatClient>().AsAIAgent("You rate trips.", "Rater");

        var response = await agent.RunAsync<TripRating>("Rate a weekend in Oslo.");

        Assert.Equal(new TripRating("Oslo", 8), response.Result);
        var format = WireRequest.Parse(Assert.Single(server.Requests).Body).Json.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var schema = format.GetProperty("json_schema");
        Assert.Equal("TripRating", schema.GetProperty("name").GetString());
        Assert.Equal("integer", schema.GetProperty("schema").GetProperty("properties").GetProperty("score").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Agent_asks_for_approval_before_an_approval_required_tool_runs_and_runs_it_once_approved()
    {
        var cancelled = new ConcurrentQueue<string>();
        await using var server = await StartAsync(request => request.Messages[^1] is { Role: "tool" } last
            ? new ChatReply($"Booking B-7 is {last.Text}.")
            : Call("call_cancel", "cancel_booking", """{"booking":"B-7"}"""));
        using var provider = new ServiceCollection().AddCustomChatCompletion(Model, server.BaseAddress).BuildServiceProvider();
        var cancel = AIFunctionFactory.Create((string booking) => { cancelled.Enqueue(booking); return "cancelled"; }, "cancel_booking");
        var agent = provider.GetRequiredService<IChatClient>().AsAIAgent(Instructions, "Concierge", tools: [new ApprovalRequiredAIFunction(cancel)]);
        var session = await agent.CreateSessionAsync();

        // Turn 1: the model asks for the tool; nothing runs, the caller gets an approval request instead.
        var first = await agent.RunAsync("Cancel booking B-7.", session);
        var approval = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        Assert.Empty(cancelled);
        Assert.Single(server.Requests);

        // Turn 2: approved; the tool runs and the model sees its result (the approval itself never goes on the wire).
        var second = await agent.RunAsync(new ChatMessage(ChatRole.User, [approval.CreateResponse(approved: true)]), session);

        Assert.Equal(["B-7"], cancelled);
        Assert.Equal("Booking B-7 is cancelled.", second.Text);
        var followUp = WireRequest.Parse(server.Requests[^1].Body);
        Assert.Equal(["system", "user", "assistant", "tool"], followUp.Messages.Select(m => m.Role));
        Assert.Equal("cancelled", followUp.ToolResult("call_cancel"));
    }

    public sealed record TripRating(string Destination, int Score);

    /// <summary>A local server whose model answers each request with what <paramref name="decide"/> returns.</summary>
    private static Task<LocalOpenAIServer> StartAsync(Func<ChatScriptRequest, ChatReply> decide) =>
        LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = ChatScript.From(decide) });

    private static ChatReply Call(string id, string name, string argumentsJson) =>
        ChatReply.CallTools(new ChatScriptToolCall(name, argumentsJson, id));
}
