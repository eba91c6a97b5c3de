namespace Connectors.Custom;

/// <summary>The value of a resilient call, with where it came from.</summary>
/// <param name="Value">The result.</param>
/// <param name="Endpoint">The endpoint that answered (address without query).</param>
/// <param name="ModelId">The model configured for that endpoint.</param>
/// <param name="Attempts">The attempts the call made over all endpoints, the successful one included.</param>
/// <param name="Price">The price of that endpoint's model, if known.</param>
/// <param name="Cost">What the call cost in US dollars, when it was recorded and the price is known.</param>
internal readonly record struct ResilientResult<T>(T Value, string Endpoint, string ModelId, int Attempts, ModelPrice? Price, decimal? Cost = null);
