using System.CommandLine;
using System.CommandLine.Parsing;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Reporting;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary><c>chat</c>: the floor, SK's OpenAI connector and ours (three ways) side by side on chat and streaming
/// scenarios against a child server.</summary>
internal static class ChatCommand
{
    public const string Heading = "## Chat";

    /// <summary>The shell's exit code for a process ended by SIGINT.</summary>
    private const int Cancelled = 130;

    public static Command Create()
    {
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions per client and concurrency; medians are reported", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int[]>("--concurrency") { Description = "Calls in flight at once; several values run one after another", DefaultValueFactory = _ => [1, ChatReport.Saturated, ChatReport.HighConcurrency], AllowMultipleArgumentsPerToken = true };
        var repetitionTime = new Option<double>("--repetition-seconds") { Description = "About how long one repetition of one client lasts (its calls are sized from its warm-up rate)", DefaultValueFactory = _ => 0.75 };
        var warmUp = new Option<double>("--warmup-seconds") { Description = "The least warm-up per client and concurrency", DefaultValueFactory = _ => 1.5 };
        var scenarios = new Option<string[]>("--scenario") { Description = "Run only these scenarios, by model id (" + string.Join(", ", ChatScenario.All.Select(s => s.Model)) + ")", AllowMultipleArgumentsPerToken = true };
        var clients = new Option<string[]>("--client") { Description = "Run only these clients (" + string.Join(", ", ChatCases.ByKey.Keys) + "), e.g. to profile one", AllowMultipleArgumentsPerToken = true };
        var writeDocs = new Option<bool>("--write-docs") { Description = $"Write the results as the '{Heading}' section of docs/benchmarks.md (keeping its '{ChatDocsSection.ProfileHeading}' subsection)" };
        repetitions.Validators.Add(result => Require(result, result.GetValueOrDefault<int>() >= 1, "--repetitions must be at least 1."));
        concurrency.Validators.Add(result => Require(result, result.GetValueOrDefault<int[]>().DefaultIfEmpty(0).Min() >= 1, "--concurrency values must be at least 1."));
        repetitionTime.Validators.Add(result => Require(result, result.GetValueOrDefault<double>() > 0, "--repetition-seconds must be positive."));
        warmUp.Validators.Add(result => Require(result, result.GetValueOrDefault<double>() >= 0, "--warmup-seconds must not be negative."));
        scenarios.Validators.Add(result => Require(
            result,
            (result.GetValueOrDefault<string[]>() ?? []).All(model => ChatScenario.All.Any(s => s.Model == model)),
            "--scenario takes model ids: " + string.Join(", ", ChatScenario.All.Select(s => s.Model)) + "."));
        clients.Validators.Add(result => Require(
            result,
            (result.GetValueOrDefault<string[]>() ?? []).All(ChatCases.ByKey.ContainsKey),
            "--client takes: " + string.Join(", ", ChatCases.ByKey.Keys) + "."));

        var command = new Command("chat", "Measure chat clients: a non-streaming answer, a 200-delta stream (one write, and flushed per event) and a streamed tool call.");
        command.Options.Add(repetitions);
        command.Options.Add(concurrency);
        command.Options.Add(repetitionTime);
        command.Options.Add(warmUp);
        command.Options.Add(scenarios);
        command.Options.Add(clients);
        command.Options.Add(writeDocs);
        command.SetAction((result, cancellationToken) =>
        {
            var only = result.GetValue(scenarios) is { Length: > 0 } models ? models : null;
            var chosen = result.GetValue(clients) is { Length: > 0 } keys ? keys.Select(k => ChatCases.ByKey[k]) : ChatCases.ByKey.Values;
            var settings = new ChatSettings(
                result.GetValue(repetitions),
                result.GetValue(concurrency)!.Distinct().ToArray(),
                TimeSpan.FromSeconds(result.GetValue(repetitionTime)),
                TimeSpan.FromSeconds(result.GetValue(warmUp)),
                ChatScenario.All.Where(s => only is null || only.Contains(s.Model)).ToArray(),
                chosen.ToHashSet(StringComparer.Ordinal));
            var partial = only is not null || result.GetValue(clients) is { Length: > 0 };
            if (partial && result.GetValue(writeDocs))
            {
                Console.Error.WriteLine("--write-docs needs every scenario and client; drop --scenario and --client.");
                return Task.FromResult(2);
            }

            return RunAsync(settings, result.GetValue(writeDocs), cancellationToken);
        });
        return command;
    }

    internal static void Require(OptionResult result, bool condition, string message)
    {
        if (!condition)
        {
            result.AddError(message);
        }
    }

    private static async Task<int> RunAsync(ChatSettings settings, bool writeDocs, CancellationToken cancellationToken)
    {
#if DEBUG
        if (writeDocs)
        {
            await Console.Error.WriteLineAsync("Refusing --write-docs from a Debug build: run with -c Release.");
            return 2;
        }
#endif
        var started = DateTimeOffset.UtcNow;
        IReadOnlyList<ChatResultRow> rows;
        try
        {
            await using var server = await ChildServer.StartAsync(cancellationToken);
            rows = await ChatScenarios.RunAsync(server, settings, Console.Error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled; the server process has been stopped.");
            return Cancelled;
        }

        var table = ChatReport.CreateTable(rows);
        var targets = ChatReport.CreateTargetsTable(rows);
        Console.WriteLine(table);
        Console.WriteLine(targets);
        if (writeDocs)
        {
            var path = BenchmarksDocument.Locate();
            var section = ChatDocsSection.Create(started, settings, table, targets, ChatDocsSection.ReadProfile(path, Heading));
            BenchmarksDocument.WriteSection(path, Heading, section);
            await Console.Error.WriteLineAsync($"Wrote the '{Heading}' section of {path}. Took {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} minutes.");
        }

        return rows.Any(row => row.Failure is not null) ? 1 : 0;
    }
}
