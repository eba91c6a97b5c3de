namespace Connectors.Custom.Testing;

/// <summary>The token counts reported for one answer.</summary>
internal readonly record struct TokenUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
