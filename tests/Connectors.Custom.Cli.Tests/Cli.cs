namespace Connectors.Custom.Cli.Tests;

/// <summary>Runs the CLI in-process with its own captured output, error and input, and an environment of its own
/// (empty by default, so "no endpoint" means offline): nothing process-wide, so tests run in parallel.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(string[] args, string? input = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var output = new SynchronizedWriter();
        var error = new SynchronizedWriter();
        var exitCode = await Program.RunAsync(args, Streams(output, error, new StringReader(input ?? string.Empty), environment), cancellationToken);
        return new CliRun(exitCode, output.Snapshot(), error.Snapshot());
    }

    public static CliStreams Streams(TextWriter output, TextWriter error, TextReader input, IReadOnlyDictionary<string, string>? environment = null) =>
        new(output, error, input, environment ?? new Dictionary<string, string>());
}

/// <summary>How one run ended: its exit code, standard output and standard error.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for checks that do not care which one a line went to.</summary>
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
