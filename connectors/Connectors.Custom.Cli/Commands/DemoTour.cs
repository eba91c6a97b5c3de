using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The demo's steps against a kernel: chat, streaming, a tool-calling turn, a writer → reviewer workflow and
/// retrieval, each reported with latency, tokens and cost.</summary>
internal sealed class DemoTour(IAnsiConsole console, Kernel kernel, UsageMeter meter, DemoPlugin plugin)
{
    public const string WriterServiceId = "writer";
    public const string ReviewerServiceId = "reviewer";

    private readonly List<StepResult> _results = [];

    public IReadOnlyList<StepResult> Results => _results;

    public async Task RunAsync(string? retrievalSkippedBecause, CancellationToken cancellationToken)
    {
        var chat = kernel.GetRequiredService<IChatCompletionService>();

        await StepAsync("1. chat", "One request, one answer.", async () =>
        {
            var reply = await chat.GetChatMessageContentAsync(DemoPrompts.Chat, kernel: kernel, cancellationToken: cancellationToken);
            Say("you", DemoPrompts.Chat);
            Say("model", reply.Content);
        });

        await StepAsync("2. streaming", "The answer arrives piece by piece.", async () =>
        {
            Say("you", DemoPrompts.Stream);
            console.Markup("  [bold]model[/]  ");
            var watch = Stopwatch.StartNew();
            TimeSpan? firstToken = null;
            await foreach (var update in chat.GetStreamingChatMessageContentsAsync(DemoPrompts.Stream, kernel: kernel, cancellationToken: cancellationToken))
            {
                if (!string.IsNullOrEmpty(update.Content))
                {
                    firstToken ??= watch.Elapsed;
                    console.Write(update.Content);
                }
            }

            console.WriteLine();
            console.MarkupLine($"  [grey]first token after {Milliseconds(firstToken ?? watch.Elapsed)}[/]");
        });

        await StepAsync("3. tool calling", "Semantic Kernel offers the Add function; the model calls it and answers with its result.", async () =>
        {
            var history = new ChatHistory();
            history.AddUserMessage(DemoPrompts.Tool);
            var settings = new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
            var reply = await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
            Say("you", DemoPrompts.Tool);
            foreach (var call in plugin.Calls)
            {
                console.MarkupLine($"  [bold]tool[/]   {Markup.Escape(call)}");
            }

            Say("model", reply.Content);
        });

        await StepAsync("4. two-agent workflow", "A writer drafts, a reviewer (another service id, other instructions) reviews the draft.", async () =>
        {
            var writer = new ChatHistory(DemoPrompts.WriterInstructions);
            writer.AddUserMessage(DemoPrompts.WriterTask);
            var draft = await kernel.GetRequiredService<IChatCompletionService>(WriterServiceId).GetChatMessageContentAsync(writer, kernel: kernel, cancellationToken: cancellationToken);
            Say("writer", draft.Content);

            var reviewer = new ChatHistory(DemoPrompts.ReviewerInstructions);
            reviewer.AddUserMessage(DemoPrompts.ReviewerTaskPrefix + draft.Content);
            var review = await kernel.GetRequiredService<IChatCompletionService>(ReviewerServiceId).GetChatMessageContentAsync(reviewer, kernel: kernel, cancellationToken: cancellationToken);
            Say("reviewer", review.Content);
        });

        if (retrievalSkippedBecause is not null)
        {
            console.Write(new Rule("[bold]5. retrieval[/]").LeftJustified());
            console.MarkupLine($"  [yellow]skipped:[/] {Markup.Escape(retrievalSkippedBecause)}");
            _results.Add(new StepResult("5. retrieval", null, null));
            return;
        }

        await StepAsync("5. retrieval", "Embed the documents and the question, pick the closest document by cosine similarity, answer with it.", async () =>
        {
            var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var documents = await generator.GenerateAsync(DemoPrompts.Documents, cancellationToken: cancellationToken);
            var question = (await generator.GenerateAsync([DemoPrompts.Question], cancellationToken: cancellationToken))[0];
            var ranked = DemoPrompts.Documents
                .Select((text, i) => (Text: text, Score: Cosine(question.Vector.Span, documents[i].Vector.Span)))
                .OrderByDescending(d => d.Score)
                .ToList();

            Say("question", DemoPrompts.Question);
            var table = new Table().AddColumns("Similarity", "Document").Border(TableBorder.Simple);
            foreach (var (text, score) in ranked)
            {
                // Rounded first, so a score just below zero prints as 0.000 rather than -0.000.
                table.AddRow(Math.Round(score, 3).ToString("0.000", CultureInfo.InvariantCulture).Replace("-0.000", "0.000", StringComparison.Ordinal), Markup.Escape(text));
            }

            console.Write(table);
            var history = new ChatHistory(DemoPrompts.AnswerInstructions);
            history.AddUserMessage($"{DemoPrompts.ContextPrefix}{ranked[0].Text}\n\nQuestion: {DemoPrompts.Question}");
            var answer = await chat.GetChatMessageContentAsync(history, kernel: kernel, cancellationToken: cancellationToken);
            Say("model", answer.Content);
        });
    }

    /// <summary>Prints the summary: one row per step (each step printed its answers above).</summary>
    public void WriteSummary()
    {
        var table = new Table().Title("[bold]Summary[/]").AddColumns("Step", "Latency", "Calls", "Tokens in / out", "Cost (USD)");
        foreach (var step in _results)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                step.Latency is { } latency ? Milliseconds(latency) : "skipped",
                step.Usage is { } calls ? calls.Calls.ToString(CultureInfo.InvariantCulture) : "-",
                step.Usage is { } usage ? FormattableString.Invariant($"{usage.InputTokens} / {usage.OutputTokens}") : "-",
                step.Usage is null ? "-" : Cost(step.Usage.Cost));
        }

        var total = new StepUsage(
            _results.Sum(r => r.Usage?.Calls ?? 0),
            _results.Sum(r => r.Usage?.InputTokens ?? 0),
            _results.Sum(r => r.Usage?.OutputTokens ?? 0),
            _results.Any(r => r.Usage?.Cost is not null) ? _results.Sum(r => r.Usage?.Cost ?? 0m) : null);
        table.AddRow(
            "[bold]total[/]",
            Milliseconds(TimeSpan.FromTicks(_results.Sum(r => r.Latency?.Ticks ?? 0))),
            total.Calls.ToString(CultureInfo.InvariantCulture),
            FormattableString.Invariant($"{total.InputTokens} / {total.OutputTokens}"),
            Cost(total.Cost));
        console.Write(table);
    }

    private async Task StepAsync(string name, string description, Func<Task> body)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(name)}[/]").LeftJustified());
        console.MarkupLine($"  [grey]{Markup.Escape(description)}[/]");
        var mark = meter.Mark();
        var watch = Stopwatch.StartNew();
        await body();
        watch.Stop();
        var usage = meter.Since(mark);
        console.MarkupLine(FormattableString.Invariant(
            $"  [grey]{Milliseconds(watch.Elapsed)} · {usage.InputTokens} input / {usage.OutputTokens} output tokens · {usage.Calls} call(s) · cost {Cost(usage.Cost)}[/]"));
        _results.Add(new StepResult(name, watch.Elapsed, usage));
    }

    private void Say(string who, string? text) =>
        console.MarkupLine($"  [bold]{Markup.Escape(who)}[/]{new string(' ', Math.Max(1, 7 - who.Length))}{Markup.Escape(text ?? string.Empty)}");

    private static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return normA == 0 || normB == 0 ? 0 : (float)(dot / Math.Sqrt(normA * normB));
    }

    private static string Milliseconds(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Dollars to six places; "n/a" when the model has no known price (set one with options.Price).</summary>
    private static string Cost(decimal? cost) => cost is { } value ? "$" + value.ToString("0.000000", CultureInfo.InvariantCulture) : "n/a";

}
