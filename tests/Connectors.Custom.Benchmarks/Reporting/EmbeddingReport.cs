using System.Globalization;
using System.Text;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>The Markdown table of an embeddings run: medians, each with its ratio to the floor of the same scenario
/// and concurrency.</summary>
internal static class EmbeddingReport
{
    public static string CreateTable(IReadOnlyList<EmbeddingResultRow> rows)
    {
        var table = new StringBuilder()
            .AppendLine("| Scenario | Concurrency | Client | CPU / call | Allocated / call | Gen2 / 1,000 calls | Calls / s |")
            .AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var floor = rows.FirstOrDefault(r => r.Scenario == row.Scenario && r.Concurrency == row.Concurrency && r.Client == ClientCases.Floor)?.Median;
            table.Append(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Concurrency} | {row.Client} | ");
            if (row.Median is not { } median)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"not measured: {row.Failure?.Replace("|", "\\|", StringComparison.Ordinal)} | | | |");
                continue;
            }

            table.AppendLine(CultureInfo.InvariantCulture,
                $"{Milliseconds(median.CpuMillisecondsPerCall)}{Ratio(median.CpuMillisecondsPerCall, floor?.CpuMillisecondsPerCall)} | " +
                $"{Bytes(median.AllocatedBytesPerCall)}{Ratio(median.AllocatedBytesPerCall, floor?.AllocatedBytesPerCall)} | " +
                $"{median.Gen2PerThousandCalls.ToString("0.#", CultureInfo.InvariantCulture)}{Ratio(median.Gen2PerThousandCalls, floor?.Gen2PerThousandCalls)} | " +
                $"{median.CallsPerSecond.ToString(median.CallsPerSecond < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture)}{Ratio(median.CallsPerSecond, floor?.CallsPerSecond)} |");
        }

        return table.ToString();
    }

    private static string Milliseconds(double value) =>
        value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Bytes(double value) => value switch
    {
        >= 1024 * 1024 => (value / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (value / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>" (1.23×)" against the floor; nothing when there is no floor figure to divide by.</summary>
    private static string Ratio(double value, double? floor) =>
        floor is > 0 ? $" ({(value / floor.Value).ToString("0.00", CultureInfo.InvariantCulture)}×)" : string.Empty;
}
