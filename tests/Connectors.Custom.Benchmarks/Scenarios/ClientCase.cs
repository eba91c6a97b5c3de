namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>One client bound to one scenario's inputs: a call that embeds them all and returns the vectors in input
/// order.</summary>
internal sealed record ClientCase(string Client, Func<CancellationToken, Task<IReadOnlyList<ReadOnlyMemory<float>>>> Call);
