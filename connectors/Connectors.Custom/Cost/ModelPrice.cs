namespace Connectors.Custom;

/// <summary>What a model costs, in US dollars per million tokens.</summary>
public sealed class ModelPrice
{
    /// <summary>Gets or sets the price of a million input (prompt) tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million cached input tokens; null means the input price.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million output (completion, reasoning included) tokens.</summary>
    public decimal OutputPerMillion { get; set; }

    internal ModelPrice Clone() => (ModelPrice)MemberwiseClone();

    /// <summary>Computes the cost of one call's usage.</summary>
    /// <param name="inputTokens">Input tokens, cached ones included.</param>
    /// <param name="cachedInputTokens">How many of the input tokens were cached.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <returns>The cost in US dollars.</returns>
    public decimal Compute(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = System.Math.Clamp(cachedInputTokens, 0, inputTokens);
        return (((inputTokens - cached) * InputPerMillion) + (cached * (CachedInputPerMillion ?? InputPerMillion)) + (outputTokens * OutputPerMillion)) / 1_000_000m;
    }
}
