using Connectors.Custom.Benchmarks.Data;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>One workload: how many texts one call embeds, how vectors travel, how many calls a repetition makes, and
/// how many calls may sensibly be in flight at once.</summary>
internal sealed record EmbeddingScenario(string Name, int Inputs, bool Base64, int CallsPerRepetition, int MaxConcurrency)
{
    /// <summary>Gets the number of requests one call makes, split into requests of at most
    /// <see cref="BenchmarkVectors.MaxInputsPerRequest"/> inputs.</summary>
    public int RequestsPerCall => (Inputs + BenchmarkVectors.MaxInputsPerRequest - 1) / BenchmarkVectors.MaxInputsPerRequest;

    /// <summary>The three embedding workloads. <paramref name="calls"/> is the calls per repetition for 256-input calls;
    /// the ingestion makes as many calls as embed about the same number of texts (at least 3), and runs at most 4 at
    /// once: 64 concurrent 10,000-text ingestions would be a memory test (SK holds about 0.5 GB per call), not a
    /// client benchmark.</summary>
    public static IReadOnlyList<EmbeddingScenario> All(int calls) =>
    [
        new("256 inputs, base64", 256, Base64: true, calls, int.MaxValue),
        new("256 inputs, float", 256, Base64: false, calls, int.MaxValue),
        new("10,000-text ingestion, base64", 10_000, Base64: true, Math.Max(3, calls * 256 / 10_000), MaxConcurrency: 4),
    ];

    /// <summary>The concurrencies this scenario runs at for the requested ones: capped at <see cref="MaxConcurrency"/>,
    /// each once.</summary>
    public IEnumerable<int> Concurrencies(IEnumerable<int> requested) => requested.Select(c => Math.Min(c, MaxConcurrency)).Distinct();

    /// <summary>Calls per repetition at <paramref name="concurrency"/>: at least two per caller, so that a repetition
    /// is not just every caller's first call.</summary>
    public int CallsAt(int concurrency) => Math.Max(CallsPerRepetition, 2 * concurrency);
}
