namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>The figures of one measured run of chat calls (or, after <see cref="Median(IReadOnlyCollection{ChatSample})"/>, of several).</summary>
/// <param name="CpuMillisecondsPerCall">Process CPU time (user + kernel, all threads) per call.</param>
/// <param name="AllocatedBytesPerCall">Bytes allocated by all threads of the process per call.</param>
/// <param name="Gen0PerThousandCalls">Collections of any generation per 1,000 calls (every GC collects gen0).</param>
/// <param name="Gen2PerThousandCalls">Gen2 collections per 1,000 calls.</param>
/// <param name="CallsPerSecond">Completed calls per wall-clock second.</param>
/// <param name="TimeToFirstDeltaMilliseconds">The median time from starting a call to its first delta (NaN when no
/// delta came, which a check would have caught).</param>
/// <param name="Calls">The calls made (summed over repetitions after <see cref="Median(IReadOnlyCollection{ChatSample})"/>).</param>
internal sealed record ChatSample(
    double CpuMillisecondsPerCall,
    double AllocatedBytesPerCall,
    double Gen0PerThousandCalls,
    double Gen2PerThousandCalls,
    double CallsPerSecond,
    double TimeToFirstDeltaMilliseconds,
    int Calls)
{
    /// <summary>The median of each figure on its own: a slow repetition spoils one figure, not the whole row.</summary>
    public static ChatSample Median(IReadOnlyCollection<ChatSample> samples) => new(
        Median(samples.Select(s => s.CpuMillisecondsPerCall)),
        Median(samples.Select(s => s.AllocatedBytesPerCall)),
        Median(samples.Select(s => s.Gen0PerThousandCalls)),
        Median(samples.Select(s => s.Gen2PerThousandCalls)),
        Median(samples.Select(s => s.CallsPerSecond)),
        Median(samples.Select(s => s.TimeToFirstDeltaMilliseconds)),
        samples.Sum(s => s.Calls));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
