namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>The figures of one measured run of calls (or, after <see cref="Median(IReadOnlyCollection{Sample})"/>, of several).</summary>
/// <param name="CpuMillisecondsPerCall">Process CPU time (user + kernel, all threads) per call.</param>
/// <param name="AllocatedBytesPerCall">Bytes allocated by all threads of the process per call.</param>
/// <param name="Gen2PerThousandCalls">Gen2 collections per 1,000 calls.</param>
/// <param name="CallsPerSecond">Completed calls per wall-clock second.</param>
internal sealed record Sample(double CpuMillisecondsPerCall, double AllocatedBytesPerCall, double Gen2PerThousandCalls, double CallsPerSecond)
{
    /// <summary>The median of each figure on its own: a slow repetition spoils one figure, not the whole row.</summary>
    public static Sample Median(IReadOnlyCollection<Sample> samples) => new(
        Median(samples.Select(s => s.CpuMillisecondsPerCall)),
        Median(samples.Select(s => s.AllocatedBytesPerCall)),
        Median(samples.Select(s => s.Gen2PerThousandCalls)),
        Median(samples.Select(s => s.CallsPerSecond)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
