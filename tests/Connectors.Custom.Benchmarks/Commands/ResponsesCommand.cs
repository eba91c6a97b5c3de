using System.CommandLine;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Reporting;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary><c>responses</c>: the floor, Microsoft.Extensions.AI.OpenAI's Responses client and ours side by side on a
/// streamed text answer and a streamed tool call from the shipped local server's <c>/v1/responses</c>, in a child
/// process. Prints the table; writes no docs (the figures are indicative until run on a quiet machine).</summary>
internal static class ResponsesCommand
{
    /// <summary>The shell's exit code for a process ended by SIGINT.</summary>
    private const int Cancelled = 130;

    public static Command Create()
    {
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions per client and concurrency; medians are reported", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int[]>("--concurrency") { Description = "Calls in flight at once; several values run one after another", DefaultValueFactory = _ => [1, ChatReport.Saturated, ChatReport.HighConcurrency], AllowMultipleArgumentsPerToken = true };
        var repetitionTime = new Option<double>("--repetition-seconds") { Description = "About how long one repetition of one client lasts", DefaultValueFactory = _ => 0.75 };
        var warmUp = new Option<double>("--warmup-seconds") { Description = "The least warm-up per client and concurrency", DefaultValueFactory = _ => 1.5 };
        repetitions.Validators.Add(result => ChatCommand.Require(result, result.GetValueOrDefault<int>() >= 1, "--repetitions must be at least 1."));
        concurrency.Validators.Add(result => ChatCommand.Require(result, result.GetValueOrDefault<int[]>().DefaultIfEmpty(0).Min() >= 1, "--concurrency values must be at least 1."));
        repetitionTime.Validators.Add(result => ChatCommand.Require(result, result.GetValueOrDefault<double>() > 0, "--repetition-seconds must be positive."));
        warmUp.Validators.Add(result => ChatCommand.Require(result, result.GetValueOrDefault<double>() >= 0, "--warmup-seconds must not be negative."));

        var command = new Command("responses", "Measure Responses API clients (/v1/responses on the local server): a streamed text answer and a streamed tool call.");
        command.Options.Add(repetitions);
        command.Options.Add(concurrency);
        command.Options.Add(repetitionTime);
        command.Options.Add(warmUp);
        command.SetAction((result, cancellationToken) => RunAsync(
            new ChatSettings(
                result.GetValue(repetitions),
                result.GetValue(concurrency)!.Distinct().ToArray(),
                TimeSpan.FromSeconds(result.GetValue(repetitionTime)),
                TimeSpan.FromSeconds(result.GetValue(warmUp)),
                ResponsesCases.Scenarios,
                new HashSet<string>(StringComparer.Ordinal)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ChatSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChatResultRow> rows;
        try
        {
            await using var server = await ChildServer.StartAsync(cancellationToken, local: true);
            rows = await ResponsesScenarios.RunAsync(server, settings, Console.Error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled; the server process has been stopped.");
            return Cancelled;
        }

        Console.WriteLine(ChatReport.CreateTable(rows));

        // Every client here is measured (the project file pins a consistent M.E.AI.OpenAI), so any failure fails the run.
        return rows.Any(row => row.Failure is not null) ? 1 : 0;
    }
}
