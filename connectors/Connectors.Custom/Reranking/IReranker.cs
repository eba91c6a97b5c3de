using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Orders documents by how relevant each is to a query, for the second stage of retrieval: a fast search finds
/// candidates, a reranker (usually a cross-encoder) scores each against the query, and the best few go to the model.
/// </summary>
/// <remarks>Neither Semantic Kernel nor Microsoft.Extensions.AI defines this; <see cref="CustomReranker"/> implements it
/// over <c>rerank</c> and vLLM's <c>score</c>, and <see cref="RerankerExtensions"/> reranks Semantic Kernel text search
/// results with it. Implementations are thread-safe.</remarks>
public interface IReranker
{
    /// <summary>Scores <paramref name="documents"/> against <paramref name="query"/> and returns them best first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The candidate documents, at least one.</param>
    /// <param name="options">The number of results to keep and the model, or null for the service's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The documents kept, best first, each with its index in <paramref name="documents"/> and its score.</returns>
    /// <exception cref="System.ArgumentException">The query or the document list is empty, or a document is null.</exception>
    Task<RerankResult> RerankAsync(string query, IReadOnlyList<string> documents, RerankOptions? options = null, CancellationToken cancellationToken = default);
}
