namespace Connectors.Custom.Testing;

/// <summary>The token counts reported for one answer; <paramref name="CompletionTokens"/> includes
/// <paramref name="ReasoningTokens"/>, as providers count them.</summary>
internal readonly record struct TokenUsage(int PromptTokens, int CompletionTokens, int ReasoningTokens = 0)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
