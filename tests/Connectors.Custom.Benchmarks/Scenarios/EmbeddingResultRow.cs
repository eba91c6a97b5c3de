using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>One line of the report: a client's median figures in a scenario at one concurrency, or why it has none.</summary>
internal sealed record EmbeddingResultRow(string Scenario, int Concurrency, string Client, Sample? Median, string? Failure);
