namespace Connectors.Custom;

/// <summary>
/// The keys under which the connector puts facts about a result: in <c>AdditionalProperties</c> of Microsoft.Extensions.AI
/// results (<c>ChatResponse</c>, <c>ChatResponseUpdate</c>, <c>GeneratedEmbeddings</c>) and in <c>Metadata</c> of
/// Semantic Kernel contents, for chat and embeddings alike. The names are a contract: they do not change.
/// </summary>
public static class CustomMetadataKeys
{
    /// <summary>The endpoint that answered (its address without credentials or query), on a response or on the first
    /// streamed update.</summary>
    public const string Endpoint = "Endpoint";

    /// <summary>How many attempts the call made over all endpoints, the successful one included (an <see cref="int"/>).</summary>
    public const string Attempts = "Attempts";

    /// <summary>The call's cost in US dollars (a <see cref="decimal"/>), when the model has a known price (see
    /// <see cref="CustomPricingCatalog"/>).</summary>
    public const string Cost = "Cost";

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

    /// <summary>The prompt an image model actually used (<c>revised_prompt</c>), on an image's content, when the server sends one.</summary>
    public const string RevisedPrompt = "RevisedPrompt";
}
