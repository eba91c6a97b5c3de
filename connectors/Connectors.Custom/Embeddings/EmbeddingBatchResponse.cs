namespace Connectors.Custom;

/// <summary>What an <c>embeddings</c> response said besides the vectors themselves.</summary>
internal sealed class EmbeddingBatchResponse
{
    /// <summary>Gets or sets whether the body was an error object rather than a list of embeddings.</summary>
    public bool IsError { get; set; }

    public string? Model { get; set; }

    public UsagePayload? Usage { get; set; }

    /// <summary>Gets or sets the size of the vectors received (all of them have it).</summary>
    public int Dimensions { get; set; }
}
