namespace Connectors.Custom.Cli.Commands;

/// <summary>One demo step's outcome, for the summary table.</summary>
/// <param name="Name">The step.</param>
/// <param name="Latency">Wall time; null when skipped.</param>
/// <param name="Usage">Tokens and cost; null when skipped.</param>
internal sealed record StepResult(string Name, TimeSpan? Latency, StepUsage? Usage);
