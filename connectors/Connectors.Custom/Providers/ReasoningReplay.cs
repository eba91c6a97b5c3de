namespace Connectors.Custom;

/// <summary>Whether and how reasoning from earlier assistant turns is sent back to the model.</summary>
public enum ReasoningReplay
{
    /// <summary>Never sent (the default): DeepSeek's reasoner rejects it, Mistral and Groq reject unknown fields.</summary>
    None = 0,

    /// <summary>Sent as <c>reasoning_content</c> on assistant turns after the last user message (DeepSeek thinking
    /// models with tools keep reasoning within the tool loop; Together accepts it).</summary>
    ReasoningContentInToolLoop = 1,

    /// <summary>Sent as <c>reasoning</c> on assistant turns after the last user message (Ollama, Groq's parsed format).</summary>
    ReasoningInToolLoop = 2,
}
