namespace Connectors.Custom;

/// <summary>Keys of <c>ChatMessageContent.Metadata</c> set by <see cref="CustomChatCompletionService"/>.</summary>
public static class CustomMetadataKeys
{
    /// <summary>Token usage as <see cref="Microsoft.Extensions.AI.UsageDetails"/> (summed over auto-invoke rounds).</summary>
    public const string Usage = "Usage";

    /// <summary>The finish reason as the protocol names it (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, ...).</summary>
    public const string FinishReason = "FinishReason";

    /// <summary>The response id the server assigned.</summary>
    public const string Id = "Id";

    /// <summary>When the server created the response (<see cref="System.DateTimeOffset"/>).</summary>
    public const string Created = "Created";

    /// <summary>The same value as <see cref="Created"/>, under the name SK's OpenAI connector uses.</summary>
    public const string CreatedAt = "CreatedAt";

    /// <summary>The server's <c>system_fingerprint</c>, when it sends one.</summary>
    public const string SystemFingerprint = "SystemFingerprint";
}
