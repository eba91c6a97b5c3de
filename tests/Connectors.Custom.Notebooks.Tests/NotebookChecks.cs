using System.Text.RegularExpressions;

namespace Connectors.Custom.Notebooks.Tests;

/// <summary>
/// What each notebook must print when it runs offline against the local server: the outcome it exists to show, not
/// just "no cell threw". A cell is found by a piece of its code, so adding cells does not shift the checks.
/// </summary>
internal static class NotebookChecks
{
    private static readonly Dictionary<string, Action<NotebookRun>> s_checks = new(StringComparer.Ordinal)
    {
        ["01-getting-started.ipynb"] = GettingStarted,
        ["02-function-calling.ipynb"] = FunctionCalling,
        ["03-agents-and-orchestration.ipynb"] = AgentsAndOrchestration,
        ["04-memory-and-rag.ipynb"] = MemoryAndRag,
        ["05-resilience-failover-cost.ipynb"] = ResilienceFailoverCost,
        ["06-providers.ipynb"] = Providers,
        ["07-mcp-tools.ipynb"] = McpTools,
        ["08-voice-rag.ipynb"] = VoiceRag,
        ["09-agent-on-responses.ipynb"] = AgentOnResponses,
    };

    public static void Verify(string notebook, NotebookRun run)
    {
        Assert.True(s_checks.TryGetValue(notebook, out var check), $"{notebook} has no output checks: add them to {nameof(NotebookChecks)}.");
        check!(run);
    }

    private static void AgentOnResponses(NotebookRun run)
    {
        // The same agent answers both turns, with the tool's result, on every API and state mode.
        string[] answers = ["> What is the weather in Oslo?", "Oslo has 7 C, rain.", "> Do I need an umbrella?", "Yes, take an umbrella: it is raining in Oslo."];

        // Chat completions: the whole conversation as messages, growing each request.
        var chat = Lines(run, "await ConverseAsync(CreateAgent(openAIServer, \"OpenAI\"), openAIServer)");
        Assert.Equal([.. answers, "/v1/chat/completions: 2 messages", "/v1/chat/completions: 4 messages", "/v1/chat/completions: 6 messages"], chat);

        // Responses, stateless by default: store=false and the whole conversation as input items.
        var stateless = Lines(run, "o => o.Api = ChatApi.Responses), openAIServer)");
        Assert.Equal([.. answers, "/v1/responses: store=false, 1 input items", "/v1/responses: store=false, 3 input items", "/v1/responses: store=false, 5 input items"], stateless);

        // Opt-in server state on a stateful server: each request continues the previous response with the new item only.
        var stateful = Lines(run, "o.UseServerState = true; }), openAIServer)");
        Assert.Equal(answers, stateful.Take(4));
        Assert.Equal("/v1/responses: store=true, 1 input items", stateful[4]);
        Assert.Matches(@"^/v1/responses: store=true, previous_response_id=resp_\S+, 1 input items$", stateful[5]);
        Assert.Matches(@"^/v1/responses: store=true, previous_response_id=resp_\S+, 1 input items$", stateful[6]);
        Assert.Equal(7, stateful.Count);

        // A stateless server: refused at construction with the preset; forced, one refused continuation, then the whole
        // conversation without storing, for the rest of the session.
        var fallback = Lines(run, "o.Quirks.Responses = ResponsesSupport.Stateful;");
        Assert.StartsWith("Refused: CustomChatCompletionOptions.UseServerState needs Api = Responses on a server that keeps responses", fallback[0], StringComparison.Ordinal);
        Assert.Equal(answers, fallback.Skip(1).Take(4));
        Assert.Equal("/v1/responses: store=true, 1 input items", fallback[5]);
        Assert.Matches(@"^/v1/responses: store=true, previous_response_id=resp_\S+, 1 input items$", fallback[6]);
        Assert.Equal(["/v1/responses: store=false, 3 input items", "/v1/responses: store=false, 5 input items"], fallback.Skip(7));
    }

    private static void McpTools(NotebookRun run)
    {
        // The agent called the MCP tool through the vLLM-shaped server: nested arguments arrived as JSON values, the
        // tool's result reached the answer, and the schema sent was the adapted one (no anyOf, format in the text).
        var agent = Lines(run, "var agentOptions");
        Assert.Contains(agent, line => line.StartsWith("Agent: ", StringComparison.Ordinal) && line.Contains("2 flights found", StringComparison.Ordinal));
        Assert.Contains(agent, line => line.StartsWith("The MCP server received: ", StringComparison.Ordinal) && line.Contains("\"passengers\":[{\"name\":\"Ann\"},{\"name\":\"Bo\"}]", StringComparison.Ordinal));
        var schema = Assert.Single(agent, line => line.StartsWith("Schema sent to the server: ", StringComparison.Ordinal));
        Assert.DoesNotContain("anyOf", schema, StringComparison.Ordinal);
        Assert.Contains("(format: date)", schema, StringComparison.Ordinal);

        // The generic profile learned from the server's refusal: the first request carried anyOf, the later ones not.
        var learned = Lines(run, "var before = server.Requests.Count");
        Assert.Contains(learned, line => line.StartsWith("Agent: ", StringComparison.Ordinal) && line.Contains("2 flights found", StringComparison.Ordinal));
        Assert.Contains("3 requests: the first with anyOf: True, later ones with anyOf: False", learned);
    }

    private static void VoiceRag(NotebookRun run)
    {
        // The spoken question came back as its text, the refund note survived both stages in first place, the answer
        // quotes it, and the answer was spoken as a WAV.
        var transcribed = Lines(run, "GetTextContentAsync(recording)");
        Assert.Matches(@"^Recording: audio/wav, \d+ bytes$", transcribed[0]);
        Assert.Equal("Transcribed: How long does it take to get my money back after I send something back?", transcribed[1]);

        var firstStage = Lines(run, "Take(4)");
        Assert.Equal(4, firstStage.Count);
        var reranked = Lines(run, "reranker.RerankAsync");
        Assert.Equal(2, reranked.Count);
        Assert.Matches(@"^reranked 0\.[4-9]\d  Refunds are paid within 14 days of receiving the returned item\.$", reranked[0]);

        Assert.Equal(["From the notes: Refunds are paid within 14 days of receiving the returned item."], Lines(run, "Answer the question from the notes"));
        var spoken = Lines(run, "RIFF/WAVE");
        Assert.Matches(@"^Spoken answer: audio/wav, \d+ bytes, RIFF/WAVE: True$", spoken[0]);
        Assert.Equal("Requests: 2 speech, 1 transcription, 2 embeddings, 1 rerank, 1 chat", spoken[1]);
    }

    private static void GettingStarted(NotebookRun run)
    {
        Assert.Equal(["Echo: In one sentence: what is an OpenAI-compatible endpoint?"], Lines(run, "InvokePromptAsync(\"In one sentence"));
        var reply = Lines(run, "GetChatMessageContentAsync(history");
        Assert.Matches(@"^model local-scripted, finish reason stop, \d+ tokens in, \d+ out, answered by http://127\.0\.0\.1:\d+/v1 in 1 attempt\(s\)$", reply[^1]);

        var streamed = Lines(run, "GetStreamingChatMessageContentsAsync");
        Assert.Equal("Echo: Now say it again, slowly.", streamed[0]);
        Assert.True(int.Parse(Regex.Match(streamed[^1], @"^\((\d+) chunks\)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1, streamed[^1]);

        Assert.Superset(new HashSet<string> { "temperature: 0.2", "max_tokens: 64", "seed: 42", "stop: [\"\\n\\n\"]", "top_k: 40" }, Lines(run, "ExtensionData").ToHashSet());
    }

    private static void FunctionCalling(NotebookRun run)
    {
        // The scripted model called the tool, the kernel ran it, and the answer carries the tool's result.
        Assert.Equal(
            [
                "user: Where is my order A-1001?",
                "assistant: call Orders_GetOrderStatus(orderId: A-1001)",
                "tool: result A-1001 shipped on Monday and arrives on Thursday.",
                "assistant: Your order A-1001 shipped on Monday and arrives on Thursday.",
            ],
            Lines(run, "history.Add(reply)"));

        // The filter refused the cancellation, and the model's answer carries the refusal.
        Assert.Equal(
            ["I could not cancel it: cancelling an order needs a person's approval.", "Orders.CancelOrder(orderId: A-1001): refused"],
            Lines(run, "new GuardFilter()"));
    }

    private static void AgentsAndOrchestration(NotebookRun run)
    {
        Assert.Equal(
            [
                "round 1: Weather.GetForecast(city: Lyon, day: Saturday) → Sunny, 24 °C in Lyon on Saturday.",
                "round 1: Trains.FindTrains(from: Paris, to: Lyon, day: Saturday) → Paris → Lyon on Saturday: TGV 6603 at 08:04, TGV 6607 at 09:04.",
                "round 2: Trains.BookSeat(train: TGV 6603) → Seat 42 in coach 7 on TGV 6603 is booked (reference QX7P2).",
                "Saturday in Lyon: Sunny, 24 °C in Lyon on Saturday. Seat 42 in coach 7 on TGV 6603 is booked (reference QX7P2).",
            ],
            Lines(run, "new TraceFilter()"));

        // The reviewer sent the first draft back; the second one carries the booking reference and is approved.
        var conversation = Lines(run, "REVISE", inOutput: true);
        Assert.Equal(4, conversation.Count);
        Assert.Equal("Reviewer (local-reviewer): REVISE: give the booking reference.", conversation[1]);
        Assert.Contains("(booking QX7P2)", conversation[2], StringComparison.Ordinal);
        Assert.Equal("Reviewer (local-reviewer): APPROVED", conversation[3]);
    }

    private static void MemoryAndRag(NotebookRun run)
    {
        Assert.Matches(@"^6 vectors of 384 dimensions, \d+ input tokens$", Lines(run, "GenerateAsync(notes)").Single());

        // Real MiniLM embeddings rank the refund note first, well ahead of the rest.
        var ranked = Lines(run, "OrderByDescending(n => n.Score)");
        Assert.Equal(6, ranked.Count);
        Assert.Matches(@"^0\.[5-9]\d  Refunds are paid within 14 days of receiving the returned item\.$", ranked[0]);
        Assert.Matches(@"^0\.[0-3]\d  ", ranked[1]);

        Assert.Equal(["From the notes: Refunds are paid within 14 days of receiving the returned item."], Lines(run, "Answer the question from the notes"));
    }

    private static void ResilienceFailoverCost(NotebookRun run)
    {
        var servers = Regex.Match(Lines(run, "always fails").Single(), @"^primary (\S+) \(always fails\), backup (\S+) \(local-scripted\)$");
        Assert.True(servers.Success, "the server addresses line changed");
        var (primary, backup) = (servers.Groups[1].Value, servers.Groups[2].Value);
        Assert.NotEqual(primary, backup);

        // The primary failed its two attempts; the call moved to the backup, which answered.
        Assert.Equal(
            ["Echo: Is anybody there?", $"answered by {backup} after 3 attempts", "cost: 0.0000028 USD", "the primary received 2 requests and failed 2 of them"],
            Lines(run, "Is anybody there?"));

        Assert.Equal("spent so far: 0.0000070 USD", Lines(run, "tracker.GetTotals()")[^1]);

        // The budget let a few calls through, then refused before sending.
        var refusal = Regex.Match(Lines(run, "Budget.ServiceLimit").Single(), @"^(\d+) call\(s\) went through, then: The service budget of \$0\.00001 is spent .*; the call was not sent\.$");
        Assert.True(refusal.Success, "the budget did not refuse");
        Assert.InRange(int.Parse(refusal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 9);
    }

    private static void Providers(NotebookRun run)
    {
        Assert.Equal(17, Lines(run, "CustomProviders.All").Count);
        Assert.Contains("SeedParameter: seed → random_seed", Lines(run, "CreateQuirkProfile()"));
        Assert.Equal(["Echo: Bonjour!", "sent random_seed: True (7), sent seed: False"], Lines(run, "WireProfile.Mistral"));
        Assert.Equal(
            ["SplitThinkTags = False: answer \"<think>Six sevens: 42.</think>42\", reasoning (none)", "SplitThinkTags = True: answer \"42\", reasoning Six sevens: 42."],
            Lines(run, "SplitThinkTags = split"));

        // The probe finds everything the local server supports, and the one thing it does not send.
        var outcomes = Lines(run, "CustomEndpointProbe.RunAsync")
            .Select(line => Regex.Match(line, @"^([a-z0-9-]+)\s+(\w+)(\s|$)"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        string[] supported =
        [
            "models", "chat", "streaming", "streaming-usage", "tool-calling", "tool-calling-streaming", "parallel-tool-calls",
            "json-mode", "json-schema", "reasoning", "responses", "responses-state", "embeddings-float", "embeddings-base64", "embeddings-dimensions", "embeddings-batch-size",
        ];
        Assert.All(supported, check => Assert.Equal((check, "Supported"), (check, outcomes.GetValueOrDefault(check))));
        Assert.Equal("NotSupported", outcomes.GetValueOrDefault("rate-limit-headers"));
        var proposed = Lines(run, "CustomEndpointProbe.RunAsync");
        Assert.Contains(proposed, line => line.TrimEnd(',') == "\"SplitThinkTags\": true");
        Assert.Contains(proposed, line => line.TrimEnd(',') == "\"Responses\": \"Stateful\"");
    }

    /// <summary>The non-empty output lines, trimmed, of the one cell whose code (or output) contains <paramref name="marker"/>.</summary>
    private static List<string> Lines(NotebookRun run, string marker, bool inOutput = false)
    {
        var cell = Assert.Single(run.Cells, c => (inOutput ? c.Output : c.Code).Contains(marker, StringComparison.Ordinal));
        return cell.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }
}
