namespace Connectors.Custom;

/// <summary>Usage and cost summed over calls that share a service id, model and kernel function.</summary>
/// <param name="ServiceId">The service id, if any.</param>
/// <param name="ModelId">The model.</param>
/// <param name="FunctionName">The kernel function (<c>Plugin.Function</c>), or null for calls made outside one.</param>
/// <param name="Calls">How many calls.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="CachedInputTokens">Cached input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">The summed cost in US dollars (calls without a known price add nothing).</param>
public sealed record CustomUsageTotals(string? ServiceId, string ModelId, string? FunctionName, long Calls, long InputTokens, long CachedInputTokens, long OutputTokens, decimal Cost);
