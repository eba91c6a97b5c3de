namespace Connectors.Custom;

/// <summary>What a model costs, in US dollars: per million tokens, and where a provider prices them so, per minute of
/// audio transcribed, per million characters spoken, per image generated or per rerank search unit.</summary>
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

    /// <summary>Gets or sets the price of a minute of audio transcribed (speech to text); null when not priced so.</summary>
    public decimal? AudioInputPerMinute { get; set; }

    /// <summary>Gets or sets the price of a million characters of text spoken (text to speech); null when not priced so.</summary>
    public decimal? TextInputPerMillionCharacters { get; set; }

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

    /// <summary>Computes the cost of what a call used besides tokens: seconds of audio heard, characters spoken,
    /// images generated, rerank search units.</summary>
    /// <param name="summary">What the call reported.</param>
    /// <returns>The cost in US dollars (zero for what this price does not meter).</returns>
    internal decimal ComputeMetered(CallSummary summary) =>
        ((decimal)(summary.AudioSeconds ?? 0) / 60m * (AudioInputPerMinute ?? 0m))
        + ((summary.Characters ?? 0) * (TextInputPerMillionCharacters ?? 0m) / 1_000_000m)
        + ((summary.Images ?? 0) * (PerImage ?? 0m))
        + ((summary.SearchUnits ?? 0) * (PerSearchUnit ?? 0m));
}
