using System.Globalization;
using System.Text;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>The Markdown tables of a chat run: the figures of every client with ratios to the floor of the same
/// scenario, and the targets with whether each is met.</summary>
internal static class ChatReport
{
    /// <summary>The concurrency CPU, allocations and collections are reported at (the saturating one).</summary>
    public const int Saturated = 16;

    public const int HighConcurrency = 64;

    public static string CreateTable(IReadOnlyList<ChatResultRow> rows)
    {
        var table = new StringBuilder()
            .AppendLine($"| Scenario | Client | CPU / call, c={Saturated} | CPU / call, c={HighConcurrency} | Allocated / call | Allocated / delta | Calls / s, c=1 | Calls / s, c={Saturated} | Calls / s, c={HighConcurrency} | First delta, c=1 | Gen0 / 1,000 calls | Gen2 / 1,000 calls |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var floor = FloorOf(rows, row);
            table.Append(CultureInfo.InvariantCulture, $"| {row.Scenario.Name} | {row.Client} | ");
            if (row.Failure is not null)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"not measured: {row.Failure.Replace("|", "\\|", StringComparison.Ordinal)} | | | | | | | | | |");
                continue;
            }

            var at = Reference(row);
            var floorAt = floor is null ? null : Reference(floor);
            table.AppendLine(string.Join(" | ",
                Cell(row.At(Saturated)?.CpuMillisecondsPerCall, floor?.At(Saturated)?.CpuMillisecondsPerCall, Milliseconds),
                Cell(row.At(HighConcurrency)?.CpuMillisecondsPerCall, floor?.At(HighConcurrency)?.CpuMillisecondsPerCall, Milliseconds),
                Cell(at?.AllocatedBytesPerCall, floorAt?.AllocatedBytesPerCall, Bytes),
                row.Scenario.Streams ? Cell(at?.AllocatedBytesPerCall / row.Scenario.Deltas, floorAt?.AllocatedBytesPerCall / row.Scenario.Deltas, Bytes) : "–",
                Cell(row.At(1)?.CallsPerSecond, floor?.At(1)?.CallsPerSecond, Rate),
                Cell(row.At(Saturated)?.CallsPerSecond, floor?.At(Saturated)?.CallsPerSecond, Rate),
                Cell(row.At(HighConcurrency)?.CallsPerSecond, floor?.At(HighConcurrency)?.CallsPerSecond, Rate),
                row.Scenario.Kind == ChatScenarioKind.TextStream ? Cell(row.At(1)?.TimeToFirstDeltaMilliseconds, floor?.At(1)?.TimeToFirstDeltaMilliseconds, Milliseconds) : "–",
                Cell(at?.Gen0PerThousandCalls, floorAt?.Gen0PerThousandCalls, Count),
                Cell(at?.Gen2PerThousandCalls, floorAt?.Gen2PerThousandCalls, Count)) + " |");
        }

        return table.ToString();
    }

    public static string CreateTargetsTable(IReadOnlyList<ChatResultRow> rows)
    {
        var table = new StringBuilder()
            .AppendLine("| Target | Scenario | Client | Limit | Measured | Met |")
            .AppendLine("|---|---|---|---:|---:|:---:|");
        foreach (var target in ChatTargets.All)
        {
            foreach (var scenario in rows.Select(r => r.Scenario).Distinct().Where(target.Applies))
            {
                var row = rows.FirstOrDefault(r => r.Scenario == scenario && r.Client == target.Client);
                var reference = rows.FirstOrDefault(r => r.Scenario == scenario && r.Client == target.Against);
                var value = row is null ? null : target.Value(row);
                var baseline = reference is null ? null : target.Value(reference);
                var limit = $"{(target.AtMost ? "≤" : "≥")} {target.Limit.ToString("0.##", CultureInfo.InvariantCulture)}× {ShortName(target.Against)}";
                if (value is not { } v || baseline is not { } b || b <= 0)
                {
                    table.AppendLine(CultureInfo.InvariantCulture, $"| {target.Name} | {scenario.Name} | {target.Client} | {limit} | not measured | – |");
                    continue;
                }

                var ratio = v / b;
                var met = target.AtMost ? ratio <= target.Limit : ratio >= target.Limit;
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {target.Name} | {scenario.Name} | {target.Client} | {limit} | {Ratio(ratio)} ({target.Format(v)} vs {target.Format(b)}) | {(met ? "met" : $"**missed** by {Miss(ratio, target)}")} |");
            }
        }

        return table.ToString();
    }

    public static ChatSample? Reference(ChatResultRow row) => row.At(Saturated) ?? row.ByConcurrency.OrderByDescending(p => p.Key).Select(p => p.Value).FirstOrDefault();

    public static string Milliseconds(double value) => value switch
    {
        < 1 => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        < 10 => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
    };

    public static string Bytes(double value) => value switch
    {
        >= 1024 * 1024 => (value / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (value / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    public static string Rate(double value) => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString(value < 10 ? "0.0#" : "0", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string ShortName(string client) => client == ChatCases.Floor ? "floor" : client == ChatCases.SemanticKernel ? "SK" : client;

    /// <summary>How far a missed target is from its limit, as a share of the limit.</summary>
    private static string Miss(double ratio, ChatTarget target)
    {
        var over = target.AtMost ? ratio / target.Limit - 1 : 1 - ratio / target.Limit;
        return (over * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
    }

    private static ChatResultRow? FloorOf(IReadOnlyList<ChatResultRow> rows, ChatResultRow row) =>
        rows.FirstOrDefault(r => r.Scenario == row.Scenario && r.Client == ChatCases.Floor && r.Failure is null);

    private static string Cell(double? value, double? floor, Func<double, string> format)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return "–";
        }

        return floor is { } f && f > 0 && !double.IsNaN(f)
            ? $"{format(v)} ({Ratio(v / f)})"
            : format(v);
    }
}
