namespace Connectors.Custom;

/// <summary>The usage and cost of one successful call, as given to an <see cref="ICustomUsageTracker"/>.</summary>
/// <param name="ServiceId">The service id the connector was registered under, if any.</param>
/// <param name="Operation">The GenAI operation: <c>chat</c> or <c>embeddings</c>.</param>
/// <param name="Endpoint">The endpoint that answered (address without query).</param>
/// <param name="ModelId">The model that answered.</param>
/// <param name="FunctionName">The Semantic Kernel function the call was made in (<c>Plugin.Function</c>), if any.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="CachedInputTokens">Cached input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">The cost in US dollars, or null when the model has no known price.</param>
public sealed record CustomUsageRecord(string? ServiceId, string Operation, string Endpoint, string ModelId, string? FunctionName, long InputTokens, long CachedInputTokens, long OutputTokens, decimal? Cost);
