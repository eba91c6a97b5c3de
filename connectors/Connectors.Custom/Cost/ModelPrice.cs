namespace Connectors.Custom;

/// <summary>What a model costs, in US dollars: per million tokens, and for audio models per minute of audio
/// transcribed or per million characters spoken.</summary>
public sealed class ModelPrice
{
    /// <summary>Gets or sets the price of a million input (prompt) tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million cached input tokens; null means the input price.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million output (completion, reasoning included) tokens.</summary>
    public decimal OutputPerMillion { get; set; }

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

    /// <summary>Computes the cost of what an audio call used besides tokens: seconds of audio heard, characters spoken.</summary>
    /// <param name="audioSeconds">Seconds of audio transcribed, if known.</param>
    /// <param name="characters">Characters of text spoken, if any.</param>
    /// <returns>The cost in US dollars (zero for what this price does not meter).</returns>
    internal decimal ComputeMetered(double? audioSeconds, long? characters) =>
        ((decimal)(audioSeconds ?? 0) / 60m * (AudioInputPerMinute ?? 0m))
        + ((characters ?? 0) * (TextInputPerMillionCharacters ?? 0m) / 1_000_000m);
}
