using System.Collections.Concurrent;
using System.ComponentModel;
using System.Text.Json;
using Connectors.Custom.Testing;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel; // AddCustomChatCompletion

namespace Connectors.Custom.Agents.Tests.Responses;

/// <summary>
/// Agent Framework on the Responses API, for every wire profile that serves it: a <see cref="ChatClientAgent"/> with a
/// tool across two turns of a session, streamed and not, and a two-agent sequential workflow. Nothing but
/// <see cref="CustomChatCompletionOptions.Api"/> differs from the chat completions agents.
/// </summary>
public sealed class AgentsOverResponsesTests
{
    private const string Instructions = "You are a travel concierge. Answer in one sentence.";

    private static CustomChatCompletionOptions Options(LocalOpenAIServer server, string preset, string model = LocalServerOptions.DefaultChatModelId) => new()
    {
        Provider = preset,
        Endpoint = server.BaseAddress,
        ModelId = model,
        ApiKey = "local-key",
        Api = ChatApi.Responses,
    };

    private static JsonElement Json(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Theory]
    [MemberData(nameof(ResponsesEndToEndTests.Profiles), MemberType = typeof(ResponsesEndToEndTests))]
    public async Task ChatClientAgent_runs_its_tool_and_keeps_the_session_across_turns(WireProfile profile, string preset)
    {
        var lookups = new ConcurrentQueue<string>();
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = profile,
            ChatScript = ChatScript.From(request => request.Messages[^1] switch
            {
                { Role: "user", Text: "What is the weather in Oslo?" } => ChatReply.CallTools(new ChatScriptToolCall("get_weather", """{"city":"Oslo"}""")),
                { Role: "tool" } last => new ChatReply($"Oslo has {last.Text}."),
                { Role: "user", Text: "Do I need an umbrella?" } when request.Messages.Any(m => m.Role == "tool" && m.Text == "7 C, rain") => new ChatReply("Yes, it is raining in Oslo."),
                var other => throw new InvalidOperationException($"unexpected last message {other.Role}: {other.Text}"),
            }),
        });
        using var provider = new ServiceCollection().AddCustomChatCompletion(Options(server, preset)).BuildServiceProvider();
        var agent = new ChatClientAgent(provider.GetRequiredService<IChatClient>(), new ChatClientAgentOptions
        {
            Name = "Concierge",
            ChatOptions = new ChatOptions
            {
                Instructions = Instructions,
                Tools = [AIFunctionFactory.Create(([Description("The city.")] string city) => { lookups.Enqueue(city); return "7 C, rain"; }, "get_weather", "Gets the weather in a city.")],
            },
        });

        var session = await agent.CreateSessionAsync();
        var first = await agent.RunAsync("What is the weather in Oslo?", session);
        var streamed = new List<AgentResponseUpdate>();
        await foreach (var update in agent.RunStreamingAsync("Do I need an umbrella?", session))
        {
            streamed.Add(update);
        }

        Assert.Equal("Oslo has 7 C, rain.", first.Text);
        Assert.Equal("Yes, it is raining in Oslo.", string.Concat(streamed.Select(u => u.Text)));
        Assert.Equal(["Oslo"], lookups);
        Assert.True(first.Usage!.InputTokenCount > 0);

        // Every request goes to /v1/responses with the instructions and the whole conversation, stateless.
        var requests = server.Requests.Select(Json).ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/v1/responses", r.Path));
        Assert.All(requests, r => Assert.Equal(Instructions, r.GetProperty("instructions").GetString()));
        Assert.All(requests, r => Assert.False(r.GetProperty("store").GetBoolean()));
        Assert.True(requests[2].GetProperty("stream").GetBoolean());
        var history = requests[2].GetProperty("input").EnumerateArray()
            .Select(i => i.GetProperty("type").GetString() + (i.TryGetProperty("role", out var role) ? ":" + role.GetString() : string.Empty))
            .ToArray();
        Assert.Equal(["message:user", "function_call", "function_call_output", "message:assistant", "message:user"], history);
    }

    [Theory]
    [MemberData(nameof(ResponsesEndToEndTests.Profiles), MemberType = typeof(ResponsesEndToEndTests))]
    public async Task Sequential_workflow_hands_the_draft_to_the_reviewer_over_responses(WireProfile profile, string preset)
    {
        await using var writerServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = profile,
            ChatScript = ChatScript.From(request => $"Draft: {request.LastUserMessage} - fresh beans."),
        });
        await using var reviewerServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = profile,
            ChatScript = ChatScript.From(request => $"Approved: \"{request.Messages.Last(m => m.Text.StartsWith("Draft:", StringComparison.Ordinal)).Text}\""),
        });
        using var provider = new ServiceCollection()
            .AddCustomChatCompletion(Options(writerServer, preset, "writer-model"), serviceId: "writer")
            .AddCustomChatCompletion(Options(reviewerServer, preset, "reviewer-model"), serviceId: "reviewer")
            .BuildServiceProvider();
        var writer = provider.GetRequiredKeyedService<IChatClient>("writer").AsAIAgent("Write one tagline.", "Writer");
        var reviewer = provider.GetRequiredKeyedService<IChatClient>("reviewer").AsAIAgent("Review the tagline.", "Reviewer");

        var (output, updates) = await WorkflowTests.RunAsync(AgentWorkflowBuilder.BuildSequential(writer, reviewer), "Bean There");

        const string draft = "Draft: Bean There - fresh beans.";
        Assert.Equal(
            ["user: Bean There", $"Writer: {draft}", $"Reviewer: Approved: \"{draft}\""],
            output.Select(m => $"{m.AuthorName ?? m.Role.Value}: {m.Text}"));
        Assert.Equal(draft, string.Concat(updates.Where(u => u.ExecutorId.StartsWith("Writer", StringComparison.Ordinal)).Select(u => u.Update.Text)));
        var reviewerRequest = Json(Assert.Single(reviewerServer.Requests));
        Assert.Equal("/v1/responses", Assert.Single(reviewerServer.Requests).Path);
        Assert.Equal("reviewer-model", reviewerRequest.GetProperty("model").GetString());
        Assert.Contains(reviewerRequest.GetProperty("input").EnumerateArray(), i => i.GetProperty("content").GetString() == draft);
        Assert.Single(writerServer.Requests);
    }
}
