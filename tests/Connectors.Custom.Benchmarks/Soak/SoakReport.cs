using System.Globalization;
using System.Text;
using Connectors.Custom.Benchmarks.Reporting;
using Connectors.Custom.Testing;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>Formats a soak result as Markdown: the figures, the faults by kind, the failures by type, the invariants;
/// and writes <c>docs/reliability.md</c>.</summary>
internal static class SoakReport
{
    private const string RelativePath = "docs/reliability.md";

    public static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MB");

    public static string Command(SoakSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"dotnet run -c Release --project tests/Connectors.Custom.Benchmarks -- soak --calls {settings.Calls} --concurrency {settings.Concurrency} --fault-rate {settings.FaultRate} --write-docs");

    /// <summary>The figures, faults, failures and invariants tables.</summary>
    public static string Tables(SoakResult result)
    {
        var text = new StringBuilder();
        var settings = result.Settings;
        var calls = settings.Calls;
        var primary = result.Endpoints[0];
        var backup = result.Endpoints[1];
        text.AppendLine("| Figure | Value |");
        text.AppendLine("|---|---|");
        Row(text, "Calls (non-streaming / streaming)", $"{calls:N0} ({calls - result.StreamingCalls:N0} / {result.StreamingCalls:N0})");
        Row(text, "Concurrency", $"{settings.Concurrency}");
        Row(text, "Fault rate: primary / backup", $"{Percent(settings.FaultRate)} / {Percent(settings.BackupFaultRate)} of requests, spread evenly over the {Enum.GetValues<FaultKind>().Length} fault kinds");
        Row(text, "Duration", $"{result.Duration.TotalSeconds:F1} s ({calls / result.Duration.TotalSeconds:F0} calls/s)");
        Row(text, "Successes (right answer)", $"{result.Successes:N0} ({Percent((double)result.Successes / calls)})");
        Row(text, "Typed failures", $"{result.TypedFailureCount:N0} ({Percent((double)result.TypedFailureCount / calls)})");
        Row(text, "Other outcomes (wrong answer, untyped exception, hung)", $"{result.WrongAnswers} / {result.UntypedFailures} / {result.HungCalls}");
        Row(text, "Requests: primary / backup", $"{primary.ChatRequests:N0} / {backup.ChatRequests:N0} ({(double)(primary.ChatRequests + backup.ChatRequests) / calls:F2} per call)");
        Row(text, "Faults injected: primary / backup", $"{primary.FaultsInjected:N0} / {backup.FaultsInjected:N0}");
        Row(text, "Calls that reached the backup", $"{result.CallsReachingBackup:N0}");
        Row(text, "Most attempts by one call: primary / backup", $"{primary.MaxAttemptsPerCall} / {backup.MaxAttemptsPerCall} (limit {1 + SoakSettings.MaxRetries})");
        Row(text, "Latency p50 / p99 / max (all calls)", $"{result.P50Milliseconds:F1} ms / {result.P99Milliseconds:F1} ms / {result.MaxMilliseconds:F1} ms");
        Row(text, "Peak working set", Megabytes(result.PeakWorkingSetBytes));
        Row(text, "Working set at " + string.Join(" / ", result.Memory.Select(m => m.Label)), string.Join(" / ", result.Memory.Select(m => Megabytes(m.WorkingSetBytes))));
        Row(text, "Managed heap after full GC at " + string.Join(" / ", result.Memory.Select(m => m.Label)), string.Join(" / ", result.Memory.Select(m => Megabytes(m.HeapAfterFullGcBytes))));
        Row(text, "Unobserved task exceptions", $"{result.UnobservedTaskExceptions}");

        text.AppendLine();
        text.AppendLine("| Fault injected | Primary | Backup | Total |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{kind}` | {primary.Faults[kind]:N0} | {backup.Faults[kind]:N0} | {primary.Faults[kind] + backup.Faults[kind]:N0} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **All** | **{primary.FaultsInjected:N0}** | **{backup.FaultsInjected:N0}** | **{primary.FaultsInjected + backup.FaultsInjected:N0}** |");

        text.AppendLine();
        text.AppendLine("| Typed failure (what the caller caught) | Calls |");
        text.AppendLine("|---|---:|");
        foreach (var (failure, count) in result.TypedFailures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{failure}` | {count:N0} |");
        }

        if (result.TypedFailures.Count == 0)
        {
            text.AppendLine("| (none) | 0 |");
        }

        if (result.InvariantFailures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Invariant failure | Calls |");
            text.AppendLine("|---|---:|");
            foreach (var (failure, count) in result.InvariantFailures.OrderByDescending(p => p.Value))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {Escape(failure)} | {count:N0} |");
            }
        }

        text.AppendLine();
        text.AppendLine("| Invariant | Observed | Held |");
        text.AppendLine("|---|---|---|");
        foreach (var invariant in result.Invariants)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {invariant.Name} | {Escape(invariant.Observed)} | {(invariant.Held ? "yes" : "**NO**")} |");
        }

        return text.ToString();
    }

    /// <summary>Writes <c>docs/reliability.md</c> of the repository holding the current directory (or this program).</summary>
    /// <returns>The path written.</returns>
    public static string WriteDocument(SoakResult result)
    {
        var path = Locate();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Reflow(Document(result)));
        return path;
    }

    private static string Document(SoakResult result)
    {
        var settings = result.Settings;
        var text = new StringBuilder();
        text.AppendLine("# Reliability");
        text.AppendLine();
        text.AppendLine("## Soak run");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            The soak run puts `CustomChatClient` through {settings.Calls:N0} calls, {settings.Concurrency} at a time, half of them
            streaming, against two OpenAI-compatible servers that fail on purpose. Both are `LocalOpenAIServer`s from
            `Connectors.Custom.Testing`, in the same process, on loopback: the primary injects a fault into
            {Percent(settings.FaultRate)} of its requests, spread evenly over every fault kind (429 with `Retry-After`, 429 with
            `retry-after-ms`, 429 with only `x-ratelimit-reset-requests`, 500/502/503 with an OpenAI error body, a 502 HTML
            page, a connection reset before the headers, a connection dropped mid-answer, a first byte slower than the
            attempt timeout, a stream or body that stalls mid-answer, and a 200 with truncated JSON); the backup injects
            {Percent(settings.BackupFaultRate)}. The fault sequence is seeded (seed {settings.Seed}), so a rerun injects the same
            sequence of faults, though concurrency decides which call meets which.

            The client has the primary and one backup (`Backups.Add(...)`), resilience sized for a fast run: up to
            {SoakSettings.MaxRetries} retries per endpoint from a {SoakSettings.RetryBaseDelay.TotalMilliseconds:F0} ms base delay
            (at most {SoakSettings.RetryMaxDelay.TotalMilliseconds:F0} ms), server waits honoured up to
            {SoakSettings.MaxRetryAfter.TotalSeconds:F0} s, an attempt timeout of {SoakSettings.AttemptTimeout.TotalSeconds:F0} s, a
            stream idle timeout of {SoakSettings.StreamIdleTimeout.TotalSeconds:F0} s, a total timeout of
            {SoakSettings.TotalTimeout.TotalSeconds:F0} s, and a circuit breaker per endpoint (ratio
            {SoakSettings.BreakerFailureRatio}, at least {SoakSettings.BreakerMinimumThroughput} attempts in
            {SoakSettings.BreakerSamplingDuration.TotalSeconds:F0} s, open for {SoakSettings.BreakerBreakDuration.TotalSeconds:F0} s).
            Every prompt carries the call's id, so each request either server received is traced back to its call.

            Every call must end in the right answer (`Echo: ` and exactly the prompt sent) or in one of the connector's
            typed exceptions (`CustomEndpointException` and its subclasses, `CustomProtocolException`,
            `CustomTimeoutException`). Anything else (a wrong answer, another exception, a call still running after
            {SoakSettings.HangLimit.TotalSeconds:F0} s) fails the run, as does an unobserved task exception, an endpoint that
            received more than 1 + MaxRetries attempts for one call, a retry that came sooner than the rate limit before it
            asked (measured on the server's clock, within {CallLedger.WaitTolerance.TotalMilliseconds:F0} ms of timer
            granularity), an `Attempts` or `Endpoint` on a response or exception that does not match what the servers
            received, or managed memory that grows over the run.

            ```bash
            {Command(settings)}
            ```

            Run on {result.Started:yyyy-MM-dd} ({result.Started:HH:mm} UTC), {MachineDescription.Describe()}.
            The command exits with 1 if any invariant does not hold.

            """);
        text.Append(Tables(result));
        text.AppendLine();
        text.AppendLine("""
            Typed failures are expected. A fault that arrives after a stream's first update (a dropped or stalled stream) is
            the caller's to see, since part of the answer was already delivered; those calls end at once. Every fault that
            arrives before anything reached the caller, including a 200 with malformed JSON and a non-streaming body cut
            off mid-way (which the connector reports as `MalformedJson`), is retried and, once the primary's retries are
            spent, failed over to the backup. The latency percentiles include the failed calls and the waits the servers
            asked for.
            """);
        return text.ToString();
    }

    private static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Connectors.sln")))
                {
                    return Path.Combine(directory.FullName, RelativePath);
                }
            }
        }

        throw new InvalidOperationException("Could not find the repository (no Connectors.sln above the current directory or the program).");
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#}%");

    private static void Row(StringBuilder text, string figure, string value) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} |");

    /// <summary>Joins the lines of each prose paragraph and wraps it at 118 columns; headings, tables, fences and
    /// code are left as they are.</summary>
    private static string Reflow(string markdown)
    {
        const int Width = 118;
        var output = new StringBuilder();
        var inFence = false;
        foreach (var block in markdown.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Trim('\n').Split('\n');
            var prose = !inFence && lines.All(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('|') && !l.StartsWith("```", StringComparison.Ordinal));
            foreach (var line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
            }

            if (!prose)
            {
                output.Append(block.Trim('\n')).Append("\n\n");
                continue;
            }

            var current = new StringBuilder();
            foreach (var word in string.Join(' ', lines).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > Width)
                {
                    output.Append(current).Append('\n');
                    current.Clear();
                }

                current.Append(current.Length > 0 ? " " : string.Empty).Append(word);
            }

            output.Append(current).Append("\n\n");
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
