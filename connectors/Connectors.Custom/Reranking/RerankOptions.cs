namespace Connectors.Custom;

/// <summary>The settings of one rerank call.</summary>
public sealed class RerankOptions
{
    /// <summary>Gets or sets how many of the best documents to return; null uses the service's default (all when it has none).</summary>
    public int? TopN { get; set; }

    /// <summary>Gets or sets the model to use; null uses the service's.</summary>
    public string? ModelId { get; set; }
}
