using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary><c>soak</c>: many calls through the resilient client against two fault-injecting local servers; exits
/// with 1 when any invariant breaks. See <see cref="SoakRunner"/>.</summary>
internal static class SoakCommand
{
    /// <summary>The shell's exit code for a process ended by SIGINT.</summary>
    private const int Cancelled = 130;

    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls to make", DefaultValueFactory = _ => 10_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight at once", DefaultValueFactory = _ => 32 };
        var faultRate = new Option<double>("--fault-rate") { Description = "Share of the primary's requests that get a fault, spread over every fault kind", DefaultValueFactory = _ => 0.3 };
        var backupFaultRate = new Option<double>("--backup-fault-rate") { Description = "Share of the backup's requests that get a fault", DefaultValueFactory = _ => 0.05 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault sequence (the backup uses seed + 1)", DefaultValueFactory = _ => 42 };
        var writeDocs = new Option<bool>("--write-docs") { Description = "Write the results to docs/reliability.md" };
        calls.Validators.Add(result => Require(result, result.GetValueOrDefault<int>() >= 2, "--calls must be at least 2."));
        concurrency.Validators.Add(result => Require(result, result.GetValueOrDefault<int>() >= 1, "--concurrency must be at least 1."));
        faultRate.Validators.Add(result => Require(result, result.GetValueOrDefault<double>() is >= 0 and <= 1, "--fault-rate must be between 0 and 1."));
        backupFaultRate.Validators.Add(result => Require(result, result.GetValueOrDefault<double>() is >= 0 and <= 1, "--backup-fault-rate must be between 0 and 1."));

        var command = new Command("soak", "Soak the resilient chat client: N calls at concurrency C against a faulty primary and a backup; every call must end in the right answer or a typed exception.");
        command.Options.Add(calls);
        command.Options.Add(concurrency);
        command.Options.Add(faultRate);
        command.Options.Add(backupFaultRate);
        command.Options.Add(seed);
        command.Options.Add(writeDocs);
        command.SetAction((result, cancellationToken) => RunAsync(
            new SoakSettings(result.GetValue(calls), result.GetValue(concurrency), result.GetValue(faultRate), result.GetValue(backupFaultRate), result.GetValue(seed)),
            result.GetValue(writeDocs),
            cancellationToken));
        return command;
    }

    private static void Require(OptionResult result, bool condition, string message)
    {
        if (!condition)
        {
            result.AddError(message);
        }
    }

    private static async Task<int> RunAsync(SoakSettings settings, bool writeDocs, CancellationToken cancellationToken)
    {
#if DEBUG
        if (writeDocs)
        {
            await Console.Error.WriteLineAsync("Refusing --write-docs from a Debug build: run with -c Release.");
            return 2;
        }
#endif
        // The report is a document: the same digits and separators whatever the machine's locale.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        SoakResult result;
        try
        {
            result = await SoakRunner.RunAsync(settings, Console.Error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return Cancelled;
        }

        Console.WriteLine(SoakReport.Tables(result));
        if (result.FirstUnobservedTaskException is { } unobserved)
        {
            await Console.Error.WriteLineAsync($"First unobserved task exception:{Environment.NewLine}{unobserved}");
        }

        if (writeDocs)
        {
            await Console.Error.WriteLineAsync($"Wrote {SoakReport.WriteDocument(result)}.");
        }

        var held = result.AllInvariantsHeld;
        await Console.Error.WriteLineAsync(held ? "soak: every invariant held." : "soak: INVARIANTS BROKEN (see the table above).");
        return held ? 0 : 1;
    }
}
