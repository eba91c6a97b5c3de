namespace Connectors.Custom.Testing;

/// <summary>How a profile streams tool calls.</summary>
internal enum ToolDeltaStyle
{
    /// <summary>A first delta with index, id, type, name and empty arguments, then argument fragments (OpenAI).</summary>
    Incremental = 0,

    /// <summary>A first delta with the name and no <c>arguments</c> key, fragments, and one more empty-arguments delta
    /// after the finish chunk (vLLM).</summary>
    NameFirstThenTrailingEmpty = 1,

    /// <summary>Every call complete in one chunk (Ollama, Groq).</summary>
    Whole = 2,

    /// <summary>Every call complete in one chunk, without <c>index</c> and <c>type</c> (Mistral).</summary>
    WholeWithoutIndexOrType = 3,
}
