using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The result of one rerank call: the documents kept, best first.</summary>
public sealed class RerankResult
{
    /// <summary>Initializes a new instance of the <see cref="RerankResult"/> class.</summary>
    /// <param name="documents">The documents kept, best first.</param>
    /// <param name="modelId">The model that scored them.</param>
    public RerankResult(IReadOnlyList<RerankedDocument> documents, string modelId)
    {
        System.ArgumentNullException.ThrowIfNull(documents);
        System.ArgumentNullException.ThrowIfNull(modelId);
        Documents = documents;
        ModelId = modelId;
    }

    /// <summary>Gets the documents kept, best first.</summary>
    public IReadOnlyList<RerankedDocument> Documents { get; }

    /// <summary>Gets the model that scored them.</summary>
    public string ModelId { get; }

    /// <summary>Gets or sets the usage the server reported, if any.</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>Gets or sets what the call cost in US dollars, when the model's price is known.</summary>
    public decimal? Cost { get; set; }
}
