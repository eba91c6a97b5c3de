namespace Connectors.Custom;

/// <summary>What a model costs, in US dollars per million tokens, and per image or search unit where a provider prices
/// those.</summary>
public sealed class ModelPrice
{
    /// <summary>Gets or sets the price of a million input (prompt) tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million cached input tokens; null means the input price.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million output (completion, reasoning included) tokens.</summary>
    public decimal OutputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one generated image; null when the model is not priced per image.</summary>
    public decimal? PerImage { get; set; }

    /// <summary>Gets or sets the price of one rerank search unit (Cohere: a query with up to 100 documents); null when
    /// the model is not priced per search unit.</summary>
    public decimal? PerSearchUnit { get; set; }

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

    /// <summary>Computes the cost of what a call is billed for besides tokens.</summary>
    /// <returns>The cost in US dollars; null when there is something to bill and no price for it.</returns>
    internal decimal? ComputeUnits(BilledUnits units)
    {
        decimal total = 0;
        if (units.Images > 0)
        {
            if (PerImage is not { } perImage)
            {
                return null;
            }

            total += units.Images * perImage;
        }

        if (units.SearchUnits > 0)
        {
            if (PerSearchUnit is not { } perUnit)
            {
                return null;
            }

            total += units.SearchUnits * perUnit;
        }

        return total;
    }
}
