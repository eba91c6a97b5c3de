using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>
/// One parsed chat completion body or stream chunk, reduced to what the connector uses. Only the first choice is
/// kept (M.E.AI and SK model one answer per call; <c>n</c> &gt; 1 is not supported).
/// </summary>
/// <remarks>An instance is reused for every chunk of a stream (see <see cref="Reset"/>) to keep allocations per
/// streamed token low; fields that repeat on every chunk (id, model, created, fingerprint) are read once.</remarks>
internal sealed class ChatCompletionPayload
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public long? Created { get; set; }

    public string? SystemFingerprint { get; set; }

    /// <summary>Gets or sets whether the body carried a non-null top-level <c>error</c>.</summary>
    public bool HasError { get; set; }

    /// <summary>Gets or sets whether the body declared <c>"object":"error"</c> (Mistral, old vLLM).</summary>
    public bool IsErrorObject { get; set; }

    /// <summary>Gets or sets whether the body had a top-level <c>detail</c> or <c>message</c> (FastAPI / flat errors).</summary>
    public bool HasErrorHints { get; set; }

    /// <summary>Gets or sets whether a <c>choices</c> array was present (even if empty).</summary>
    public bool HasChoicesArray { get; set; }

    public int ChoiceCount { get; set; }

    public string? Role { get; set; }

    public string? Content { get; set; }

    public string? Refusal { get; set; }

    /// <summary>Gets or sets <c>reasoning_content</c> (DeepSeek, llama.cpp, LM Studio, older vLLM).</summary>
    public string? ReasoningContent { get; set; }

    /// <summary>Gets or sets <c>reasoning</c> (Ollama, OpenRouter, Groq parsed format, current vLLM).</summary>
    public string? ReasoningField { get; set; }

    /// <summary>Gets or sets the text of <c>thinking</c> content blocks (Mistral Magistral).</summary>
    public string? ThinkingBlocks { get; set; }

    public string? FinishReason { get; set; }

    public List<ToolCallDelta> ToolCalls { get; } = [];

    public UsagePayload? Usage { get; set; }

    /// <summary>Gets the reasoning text in the documented order of preference:
    /// <c>reasoning_content</c>, then <c>reasoning</c>, then thinking blocks.</summary>
    public string? Reasoning => !string.IsNullOrEmpty(ReasoningContent) ? ReasoningContent
        : !string.IsNullOrEmpty(ReasoningField) ? ReasoningField
        : ThinkingBlocks;

    /// <summary>Gets whether the body is an error rather than a completion.</summary>
    public bool IsError => HasError || IsErrorObject || (!HasChoicesArray && HasErrorHints);

    /// <summary>Clears the per-chunk fields. Id, model, created and fingerprint are kept: streams repeat them.</summary>
    public void Reset()
    {
        HasError = false;
        IsErrorObject = false;
        HasErrorHints = false;
        HasChoicesArray = false;
        ChoiceCount = 0;
        Role = null;
        Content = null;
        Refusal = null;
        ReasoningContent = null;
        ReasoningField = null;
        ThinkingBlocks = null;
        FinishReason = null;
        ToolCalls.Clear();
        Usage = null;
    }
}
