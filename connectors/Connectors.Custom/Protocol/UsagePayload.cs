using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Token counts from a <c>usage</c> object. Providers add many fields; integer ones are kept.</summary>
internal sealed class UsagePayload
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    /// <summary>Gets or sets <c>prompt_tokens_details.cached_tokens</c>, or DeepSeek's <c>prompt_cache_hit_tokens</c>.</summary>
    public long? CachedTokens { get; set; }

    /// <summary>Gets or sets <c>completion_tokens_details.reasoning_tokens</c>.</summary>
    public long? ReasoningTokens { get; set; }

    /// <summary>Gets or sets other integer counts, by their wire name.</summary>
    public Dictionary<string, long>? Additional { get; set; }

    /// <summary>Gets whether every count is zero or absent: older LocalAI sends such a usage on every chunk.</summary>
    public bool IsEmpty => (PromptTokens ?? 0) == 0 && (CompletionTokens ?? 0) == 0 && (TotalTokens ?? 0) == 0;
}
