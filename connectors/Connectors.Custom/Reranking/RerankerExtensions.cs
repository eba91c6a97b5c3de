using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.SemanticKernel.Data;

namespace Connectors.Custom;

/// <summary>Reranks the results of a first-stage search (Semantic Kernel's text search, a vector store search, any
/// list) with an <see cref="IReranker"/>: the second stage of a RAG pipeline.</summary>
/// <example>
/// <code>
/// var candidates = await textSearch.GetTextSearchResultsAsync(question, new() { Top = 20 });
/// var best = await reranker.RerankAsync(question, candidates.Results, topN: 3);
/// </code>
/// </example>
public static class RerankerExtensions
{
    /// <summary>Reranks Semantic Kernel text search results by their <see cref="TextSearchResult.Value"/>.</summary>
    /// <param name="reranker">The reranker.</param>
    /// <param name="query">The query the results were found for.</param>
    /// <param name="results">The results of the first stage, for example <c>ITextSearch.GetTextSearchResultsAsync(...).Results</c>.</param>
    /// <param name="topN">How many to keep; null keeps the reranker's default (all when it has none).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The results kept, best first, each the same instance as given.</returns>
    /// <exception cref="ArgumentException">The query is empty or there are no results.</exception>
    public static async Task<IReadOnlyList<TextSearchResult>> RerankAsync(this IReranker reranker, string query, IAsyncEnumerable<TextSearchResult> results, int? topN = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = new List<TextSearchResult>();
        await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(result);
        }

        var ranked = await reranker.RerankAsync(query, list, static r => r.Value, topN, cancellationToken).ConfigureAwait(false);
        return ranked.Select(r => r.Item).ToList();
    }

    /// <summary>Reranks any items (vector search results, records, chunks) by the text <paramref name="textOf"/> reads from each.</summary>
    /// <typeparam name="T">The item type, for example <c>VectorSearchResult&lt;TRecord&gt;</c>.</typeparam>
    /// <param name="reranker">The reranker.</param>
    /// <param name="query">The query the items were found for.</param>
    /// <param name="items">The items of the first stage.</param>
    /// <param name="textOf">Reads the text to score from an item.</param>
    /// <param name="topN">How many to keep; null keeps the reranker's default (all when it has none).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The items kept, best first, each with its relevance score.</returns>
    /// <exception cref="ArgumentException">The query is empty, there are no items, or an item's text is null.</exception>
    public static async Task<IReadOnlyList<(T Item, double RelevanceScore)>> RerankAsync<T>(this IReranker reranker, string query, IReadOnlyList<T> items, Func<T, string> textOf, int? topN = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(textOf);
        var documents = new string[items.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = textOf(items[i]);
        }

        var result = await reranker.RerankAsync(query, documents, topN is null ? null : new RerankOptions { TopN = topN }, cancellationToken).ConfigureAwait(false);
        return result.Documents.Select(d => (items[d.Index], d.RelevanceScore)).ToList();
    }
}
