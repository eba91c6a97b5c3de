using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>What one streamed chunk holds. Members left at their defaults are not written.</summary>
internal sealed record ChunkSpec
{
    public string? Role { get; init; }

    /// <summary>Whether the delta has a <c>content</c> key (whose value is <see cref="Content"/>, possibly null).</summary>
    public bool HasContent { get; init; }

    public string? Content { get; init; }

    /// <summary>Whether the delta has the profile's reasoning key (whose value is <see cref="Reasoning"/>, possibly null).</summary>
    public bool HasReasoning { get; init; }

    public string? Reasoning { get; init; }

    public IReadOnlyList<ToolDelta>? ToolCalls { get; init; }

    public string? FinishReason { get; init; }

    /// <summary>A chunk with <c>choices: []</c> (usage only).</summary>
    public bool NoChoices { get; init; }

    /// <summary>The top-level <c>usage</c>, or null (written as null only with <see cref="WriteNullUsage"/>).</summary>
    public TokenUsage? Usage { get; init; }

    public bool WriteNullUsage { get; init; }

    /// <summary>Whether the chunk carries <c>x_groq</c> with the request id.</summary>
    public bool XGroq { get; init; }

    /// <summary>The usage inside <c>x_groq</c>, or null.</summary>
    public TokenUsage? XGroqUsage { get; init; }

    /// <summary>The counts for llama.cpp's top-level <c>timings</c> object, or null to leave it out.</summary>
    public TokenUsage? Timings { get; init; }

    /// <summary>A top-level <c>error</c> object's message (OpenRouter's error during a stream), or null.</summary>
    public string? Error { get; init; }
}
