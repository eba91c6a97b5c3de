using System.Text.Json;
using Connectors.Custom.Agents.Tests.Infrastructure;
using Connectors.Custom.Testing;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel; // AddCustomChatCompletion

namespace Connectors.Custom.Agents.Tests;

/// <summary>
/// Agent Framework workflows whose agents talk to different OpenAI-compatible endpoints through our connector: a
/// sequential hand-off (writer → reviewer) and a concurrent fan-out / fan-in. Each agent has its own
/// <see cref="LocalOpenAIServer"/>, so every request can be traced to the agent that sent it.
/// </summary>
public sealed class WorkflowTests
{
    private const string WriterInstructions = "You are a copywriter. Write one tagline.";
    private const string ReviewerInstructions = "You are an editor. Review the tagline you are given.";

    [Fact]
    public async Task Sequential_workflow_hands_the_writers_draft_to_the_reviewer_on_another_endpoint()
    {
        await using var writerServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            ChatScript = ChatScript.From(request => $"Draft: {request.LastUserMessage} - fresh beans, zero waiting."),
        });
        await using var reviewerServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            // The reviewer quotes what it was given, as an editor would.
            ChatScript = ChatScript.From(request =>
            {
                var draft = request.Messages.Last(m => m.Text.StartsWith("Draft:", StringComparison.Ordinal)).Text;
                return $"Approved with one edit: \"{draft.Replace("zero", "no", StringComparison.Ordinal)}\"";
            }),
        });

        // Two registrations in one container, told apart by service id, each bound to its own endpoint and model.
        using var provider = new ServiceCollection()
            .AddCustomChatCompletion("writer-model", writerServer.BaseAddress, serviceId: "writer")
            .AddCustomChatCompletion("reviewer-model", reviewerServer.BaseAddress, serviceId: "reviewer")
            .BuildServiceProvider();
        var writer = provider.GetRequiredKeyedService<IChatClient>("writer").AsAIAgent(WriterInstructions, "Writer");
        var reviewer = provider.GetRequiredKeyedService<IChatClient>("reviewer").AsAIAgent(ReviewerInstructions, "Reviewer");

        var workflow = AgentWorkflowBuilder.BuildSequential(writer, reviewer);
        var (output, updates) = await RunAsync(workflow, "A coffee shop called Bean There");

        // Each endpoint saw exactly one request, from its own agent: its model, its instructions.
        var writerRequest = AsJson(Assert.Single(writerServer.Requests));
        var reviewerRequest = AsJson(Assert.Single(reviewerServer.Requests));
        Assert.Equal("writer-model", writerRequest.GetProperty("model").GetString());
        Assert.Equal("reviewer-model", reviewerRequest.GetProperty("model").GetString());
        Assert.Equal(
            [("system", WriterInstructions, null), ("user", "A coffee shop called Bean There", null)],
            Messages(writerRequest));

        // The writer's draft reached the reviewer's request, as a named user turn after the original question.
        const string draft = "Draft: A coffee shop called Bean There - fresh beans, zero waiting.";
        Assert.Equal(
            [("system", ReviewerInstructions, null), ("user", "A coffee shop called Bean There", null), ("user", draft, "Writer")],
            Messages(reviewerRequest));

        // Both agents streamed (the workflow ran with events on), and the output is the whole conversation.
        Assert.Equal(
            ["user: A coffee shop called Bean There", $"Writer: {draft}", "Reviewer: Approved with one edit: \"Draft: A coffee shop called Bean There - fresh beans, no waiting.\""],
            output.Select(m => $"{m.AuthorName ?? m.Role.Value}: {m.Text}"));
        Assert.True(writerRequest.GetProperty("stream").GetBoolean());
        Assert.True(reviewerRequest.GetProperty("stream").GetBoolean());
        Assert.Contains(updates, u => u.ExecutorId.StartsWith("Writer", StringComparison.Ordinal));
        Assert.Contains(updates, u => u.ExecutorId.StartsWith("Reviewer", StringComparison.Ordinal));
        Assert.Equal(draft, string.Concat(updates.Where(u => u.ExecutorId.StartsWith("Writer", StringComparison.Ordinal)).Select(u => u.Update.Text)));
    }

    [Fact]
    public async Task Concurrent_workflow_fans_out_to_two_endpoints_in_parallel_and_fans_in_both_answers()
    {
        IChatScript Answering(string answer) => ChatScript.From(request => answer + " (" + request.LastUserMessage + ")");
        await using var optimistServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = Answering("Upside: more foot traffic") });
        await using var skepticServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = Answering("Downside: higher rent") });

        // Each request is held (without blocking a thread) until the other agent has sent its own: the answers only
        // come if the fan-out is concurrent. A sequential fan-out never completes its first request.
        var bothAsked = new SendBarrier(2);
        using var optimistHttp = new HttpClient(bothAsked.Hold(new SocketsHttpHandler()));
        using var skepticHttp = new HttpClient(bothAsked.Hold(new SocketsHttpHandler()));

        // Bare clients this time (no registration): the agent adds its own function-invoking layer.
        using var optimistClient = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = optimistServer.BaseAddress, ModelId = "optimist-model" }, optimistHttp);
        using var skepticClient = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = skepticServer.BaseAddress, ModelId = "skeptic-model" }, skepticHttp);
        var optimist = optimistClient.AsAIAgent("List one upside.", "Optimist");
        var skeptic = skepticClient.AsAIAgent("List one downside.", "Skeptic");

        // The aggregator combines the last message of each agent into one summary.
        var workflow = AgentWorkflowBuilder.BuildConcurrent(
            [optimist, skeptic],
            results => [new ChatMessage(ChatRole.Assistant, string.Join(" | ", results.Select(r => $"{r[^1].AuthorName}: {r[^1].Text}"))) { AuthorName = "Aggregator" }]);
        var (output, _) = await RunAsync(workflow, "Should we open a second shop downtown?");

        Assert.Equal(2, bothAsked.Arrived);
        var summary = Assert.Single(output);
        Assert.Equal("Aggregator", summary.AuthorName);
        Assert.Contains("Optimist: Upside: more foot traffic (Should we open a second shop downtown?)", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Skeptic: Downside: higher rent (Should we open a second shop downtown?)", summary.Text, StringComparison.Ordinal);

        // Each endpoint received exactly its own agent's single request.
        var optimistRequest = AsJson(Assert.Single(optimistServer.Requests));
        var skepticRequest = AsJson(Assert.Single(skepticServer.Requests));
        Assert.Equal("optimist-model", optimistRequest.GetProperty("model").GetString());
        Assert.Equal("skeptic-model", skepticRequest.GetProperty("model").GetString());
        Assert.Equal([("system", "List one upside.", null), ("user", "Should we open a second shop downtown?", null)], Messages(optimistRequest));
        Assert.Equal([("system", "List one downside.", null), ("user", "Should we open a second shop downtown?", null)], Messages(skepticRequest));
    }

    [Fact]
    public async Task Handoff_workflow_moves_the_conversation_from_triage_to_a_specialist_on_another_endpoint()
    {
        // Triage is a model that can call tools (the hand-off is a function call, streamed as tool-call deltas).
        await using var triageServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            ChatScript = ChatScript.From(request => request.FindTool("handoff_to_1") is not null
                ? ChatReply.CallTools(new ChatScriptToolCall("handoff_to_1", """{"reasonForHandoff":"a refund question"}""", "call_handoff"))
                : throw new InvalidOperationException("triage was not offered the hand-off")),
        });
        await using var billingServer = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            ChatScript = ChatScript.From(request => $"Billing here: your refund for '{request.LastUserMessage}' is on its way."),
        });

        using var provider = new ServiceCollection()
            .AddCustomChatCompletion("triage-model", triageServer.BaseAddress, serviceId: "triage")
            .AddCustomChatCompletion("billing-model", billingServer.BaseAddress, serviceId: "billing")
            .BuildServiceProvider();
        var triage = provider.GetRequiredKeyedService<IChatClient>("triage").AsAIAgent("Route the customer.", "Triage");
        var billing = provider.GetRequiredKeyedService<IChatClient>("billing").AsAIAgent("You handle refunds.", "Billing");

        var workflow = AgentWorkflowBuilder.CreateHandoffBuilderWith(triage)
            .WithHandoff(triage, billing, "Refunds and invoices")
            .EmitAgentResponseUpdateEvents()
            .Build();
        var (output, _) = await RunAsync(workflow, "I was charged twice, please refund one");

        // Triage was offered the hand-off as a function (described by its reason), with its own and the hand-off
        // instructions, and was asked once: the hand-off call is not invoked by the connector's function layer.
        var triageRequest = WireRequest.Parse(Assert.Single(triageServer.Requests).Body);
        Assert.Equal("triage-model", triageRequest.Model);
        Assert.Equal(["handoff_to_1"], triageRequest.ToolNames);
        Assert.Equal("Refunds and invoices", triageRequest.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("description").GetString());
        Assert.False(triageRequest.Json.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.StartsWith("Route the customer.\nYou are one agent in a multi-agent system.", triageRequest.Messages[0].Content, StringComparison.Ordinal);

        // Billing, on its own endpoint, got the customer's words; the hand-off call itself is filtered out.
        var billingRequest = AsJson(Assert.Single(billingServer.Requests));
        Assert.Equal("billing-model", billingRequest.GetProperty("model").GetString());
        Assert.Equal([("system", "You handle refunds.", null), ("user", "I was charged twice, please refund one", null)], Messages(billingRequest));

        Assert.Equal("Billing here: your refund for 'I was charged twice, please refund one' is on its way.", output[^1].Text);
        Assert.Equal("Billing", output[^1].AuthorName);
    }

    /// <summary>Runs a workflow with streaming events on and returns its final (non-intermediate) output and the
    /// agents' streamed updates; an executor failure fails the test with its exception.</summary>
    internal static async Task<(List<ChatMessage> Output, List<AgentResponseUpdateEvent> Updates)> RunAsync(Workflow workflow, string input)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, input) }, cancellationToken: timeout.Token);
        Assert.True(await run.TrySendMessageAsync(new TurnToken(emitEvents: true)));

        var updates = new List<AgentResponseUpdateEvent>();
        await foreach (var evt in run.WatchStreamAsync(timeout.Token))
        {
            switch (evt)
            {
                case ExecutorFailedEvent failed:
                    throw new InvalidOperationException($"executor {failed.ExecutorId} failed", failed.Data);
                case WorkflowErrorEvent error:
                    throw new InvalidOperationException("workflow failed", error.Exception);
                case AgentResponseUpdateEvent update:
                    updates.Add(update);
                    break;
                case WorkflowOutputEvent output when !output.HasTag(OutputTag.Intermediate) && output.Is<List<ChatMessage>>(out var messages):
                    return (messages, updates);
            }
        }

        throw new InvalidOperationException("the workflow ended without an output");
    }

    private static JsonElement AsJson(Testing.RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    /// <summary>The request's messages as (role, content, name).</summary>
    private static (string Role, string? Content, string? Name)[] Messages(JsonElement body) =>
        body.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString(), m.TryGetProperty("name", out var n) ? n.GetString() : null))
            .ToArray();

    /// <summary>Lets requests through only once <c>count</c> of them have been sent, awaiting rather than blocking
    /// threads; a sequential caller would wait forever, so a hang guard turns that into a failure.</summary>
    private sealed class SendBarrier(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => Volatile.Read(ref _arrived);

        public DelegatingHandler Hold(HttpMessageHandler inner) => new Gate(this, inner);

        private async Task ArriveAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _all.SetResult();
            }

            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"Only {Arrived} of {count} requests were sent at the same time: the fan-out is not concurrent.");
            }
        }

        private sealed class Gate(SendBarrier barrier, HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await barrier.ArriveAsync(cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
