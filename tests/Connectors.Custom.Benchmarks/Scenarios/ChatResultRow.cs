using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>One client in one scenario: its median figures at each concurrency, or why it has none.</summary>
internal sealed record ChatResultRow(ChatScenario Scenario, string Client, IReadOnlyDictionary<int, ChatSample> ByConcurrency, string? Failure)
{
    public ChatSample? At(int concurrency) => ByConcurrency.GetValueOrDefault(concurrency);
}
