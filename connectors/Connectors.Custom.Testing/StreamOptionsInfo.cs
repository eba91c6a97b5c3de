namespace Connectors.Custom.Testing;

/// <summary>What a streaming request's <c>stream_options</c> said.</summary>
/// <param name="Present">Whether <c>stream_options</c> was sent at all.</param>
/// <param name="IncludeUsage"><c>include_usage</c>, or null when absent.</param>
/// <param name="ContinuousUsage"><c>continuous_usage_stats</c> (vLLM) was true.</param>
internal readonly record struct StreamOptionsInfo(bool Present, bool? IncludeUsage, bool ContinuousUsage)
{
    /// <summary>Whether usage is reported: asked for explicitly, or (vLLM) implied by sending <c>stream_options</c>.</summary>
    public bool WantsUsage(WireStyle style) => IncludeUsage ?? (Present && style.ContinuousUsage);
}
