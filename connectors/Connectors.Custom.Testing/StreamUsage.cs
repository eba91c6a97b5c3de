namespace Connectors.Custom.Testing;

/// <summary>Where a profile puts the usage of a stream.</summary>
internal enum StreamUsage
{
    /// <summary>A last chunk with no choices, when <c>stream_options.include_usage</c> is set (OpenAI).</summary>
    SeparateChunk = 0,

    /// <summary>On the finish chunk, when <c>include_usage</c> is set (DeepSeek).</summary>
    OnFinishChunk = 1,

    /// <summary>On the finish chunk, always (Mistral).</summary>
    AlwaysOnFinishChunk = 2,

    /// <summary>Inside <c>x_groq</c> on the finish chunk, always (Groq).</summary>
    InXGroq = 3,
}
