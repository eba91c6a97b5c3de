using System;

namespace Connectors.Custom;

/// <summary>One model an endpoint lists at <c>GET /models</c>, with what the server reports about it.</summary>
/// <param name="Id">The model id to send as <c>model</c> (<c>id</c>, or <c>name</c> on servers that write that).</param>
public sealed record CustomModelInfo(string Id)
{
    /// <summary>Gets who owns the model (<c>owned_by</c>: <c>openai</c>, <c>vllm</c>, <c>llamacpp</c>, <c>library</c>
    /// on Ollama), or null when the server does not say.</summary>
    public string? OwnedBy { get; init; }

    /// <summary>Gets when the model was created (<c>created</c>, Unix seconds; Ollama reports its last change), or
    /// null when the server does not say.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets the longest context the server accepts for the model, in tokens, or null when it does not say:
    /// vLLM's <c>max_model_len</c>, or <c>context_length</c> (OpenRouter, Together), <c>context_window</c> (Groq),
    /// <c>max_context_length</c> (Mistral, LM Studio).</summary>
    public int? ContextLength { get; init; }
}
