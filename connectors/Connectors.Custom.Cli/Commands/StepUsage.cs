namespace Connectors.Custom.Cli.Commands;

/// <summary>What the calls of one demo step used.</summary>
/// <param name="Calls">How many calls.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">US dollars, or null when no call had a known price.</param>
internal sealed record StepUsage(int Calls, long InputTokens, long OutputTokens, decimal? Cost);
