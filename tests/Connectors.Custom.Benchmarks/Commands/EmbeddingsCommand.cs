using System.CommandLine;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Reporting;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary><c>embeddings</c>: floor, SK and Connectors.Custom embedding clients side by side against a child server.</summary>
internal static class EmbeddingsCommand
{
    public const string Heading = "## Embeddings";

    /// <summary>The shell's exit code for a process ended by SIGINT.</summary>
    private const int Cancelled = 130;

    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls per repetition for 256-input calls (the ingestion embeds about as many texts)", DefaultValueFactory = _ => 200 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions per client; medians are reported", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int[]>("--concurrency") { Description = "Calls in flight at once (the ingestion at most 4); several values run one after another, e.g. 1 16 64", DefaultValueFactory = _ => [1], AllowMultipleArgumentsPerToken = true };
        var writeDocs = new Option<bool>("--write-docs") { Description = $"Write the results as the '{Heading}' section of docs/benchmarks.md" };
        calls.Validators.Add(result => AtLeastOne(result.GetValueOrDefault<int>(), "--calls", result));
        repetitions.Validators.Add(result => AtLeastOne(result.GetValueOrDefault<int>(), "--repetitions", result));
        concurrency.Validators.Add(result => AtLeastOne(result.GetValueOrDefault<int[]>().DefaultIfEmpty(0).Min(), "--concurrency", result));

        var command = new Command("embeddings", "Measure embedding clients: 256 inputs as base64 and as floats, and a 10,000-text ingestion.");
        command.Options.Add(calls);
        command.Options.Add(repetitions);
        command.Options.Add(concurrency);
        command.Options.Add(writeDocs);
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(calls), result.GetValue(repetitions), result.GetValue(concurrency)!, result.GetValue(writeDocs), cancellationToken));
        return command;
    }

    private static void AtLeastOne(int value, string name, System.CommandLine.Parsing.OptionResult result)
    {
        if (value < 1)
        {
            result.AddError($"{name} must be at least 1.");
        }
    }

    private static async Task<int> RunAsync(int calls, int repetitions, int[] concurrencies, bool writeDocs, CancellationToken cancellationToken)
    {
#if DEBUG
        if (writeDocs)
        {
            await Console.Error.WriteLineAsync("Refusing --write-docs from a Debug build: run with -c Release.");
            return 2;
        }
#endif
        var started = DateTimeOffset.UtcNow;
        IReadOnlyList<EmbeddingResultRow> rows;
        try
        {
            await using var server = await ChildServer.StartAsync(cancellationToken);
            rows = await EmbeddingScenarios.RunAsync(server, calls, repetitions, concurrencies, Console.Error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled; the server process has been stopped.");
            return Cancelled;
        }

        var table = EmbeddingReport.CreateTable(rows);
        Console.WriteLine(table);
        if (writeDocs)
        {
            var path = BenchmarksDocument.Locate();
            var section = EmbeddingDocsSection.Create(started, EmbeddingScenario.All(calls), repetitions, table);
            BenchmarksDocument.WriteSection(path, Heading, section);
            await Console.Error.WriteLineAsync($"Wrote the '{Heading}' section of {path}.");
        }

        return rows.Any(row => row.Failure is not null) ? 1 : 0;
    }
}
