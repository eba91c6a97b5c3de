using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="IReranker"/> for servers that rerank over HTTP: <c>rerank</c> in the Jina/Cohere shape (vLLM,
/// llama.cpp with <c>--reranking</c>, LocalAI, Together, Jina) or vLLM's <c>score</c>
/// (<see cref="CustomQuirkProfile.RerankApi"/>), with the resilience, logging and cost of the other connectors.
/// </summary>
/// <remarks>
/// <para>Bad input is refused before anything is sent: an empty query, an empty document list, a null document, more
/// documents than <see cref="CustomRerankerOptions.MaxDocuments"/>. Results are sorted best first and cut to the top N
/// here too, since <c>score</c> returns every document and some servers ignore <c>top_n</c>.</para>
/// <para>Cost: tokens when the server reports usage, plus <see cref="ModelPrice.PerSearchUnit"/> per search unit
/// (what the server bills, else one per 100 documents, as Cohere counts them). Thread-safe.</para>
/// </remarks>
public sealed class CustomReranker : IReranker, IDisposable
{
    /// <summary>Documents per search unit when the server does not say (Cohere's definition).</summary>
    private const int DocumentsPerSearchUnit = 100;

    private readonly JsonOperationRunner<CustomRerankerOptions> _runner;
    private readonly CustomRerankerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CustomReranker"/> class.</summary>
    /// <param name="options">The endpoint, model, defaults and resilience settings, and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomReranker(CustomRerankerOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomReranker(CustomRerankerOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        _runner = new JsonOperationRunner<CustomRerankerOptions>(_options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId, fleet);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The query or the document list is empty, a document is null, there are
    /// more documents than <see cref="CustomRerankerOptions.MaxDocuments"/>, or the top N is below one.</exception>
    public async Task<RerankResult> RerankAsync(string query, IReadOnlyList<string> documents, RerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = CreateCall(query, documents, options);
        using var span = RerankSpan.Start(_options, call.ModelId ?? ModelId, call.Documents.Count);
        try
        {
            var (result, endpoint, attempts) = await RunAsync(call, cancellationToken).ConfigureAwait(false);
            RerankSpan.Succeed(span, result, endpoint, attempts);
            return result;
        }
        catch (Exception ex)
        {
            RerankSpan.Fail(span, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

    private async Task<(RerankResult Result, string Endpoint, int Attempts)> RunAsync(RerankCall call, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(
            RerankSpan.Operation,
            async (endpoint, attempt) =>
            {
                var path = RerankRequestWriter.PathFor(endpoint.Options.Quirks.RerankApi);
                var parsed = await endpoint.PostAsync(path, call, RerankRequestWriter.Write, RerankRequestWriter.EstimateSize(call), root => RerankResponseParser.Parse(root, call.Documents.Count), "rerank", attempt).ConfigureAwait(false);
                return (parsed.Scores, parsed.SearchUnits, Usage: attempt.ReportedUsage);
            },
            EstimateTokens(call),
            answer => new CallSummary(answer.Usage, null, null, null, SearchUnits: answer.SearchUnits > 0 ? answer.SearchUnits : SearchUnitsOf(call)),
            cancellationToken).ConfigureAwait(false);

        var ranked = new List<(int Index, double Score)>(result.Value.Scores);
        // Stable order for equal scores: the earlier document first, so results do not depend on the server's order.
        ranked.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore : a.Index.CompareTo(b.Index));
        var kept = Math.Min(ranked.Count, call.TopN ?? int.MaxValue);
        var rerankedDocuments = new RerankedDocument[kept];
        for (var i = 0; i < kept; i++)
        {
            rerankedDocuments[i] = new RerankedDocument(ranked[i].Index, ranked[i].Score, call.Documents[ranked[i].Index]);
        }

        return (new RerankResult(rerankedDocuments, call.ModelId ?? result.ModelId) { Usage = result.Value.Usage, Cost = result.Cost }, result.Endpoint, result.Attempts);
    }

    private RerankCall CreateCall(string query, IReadOnlyList<string> documents, RerankOptions? options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(documents);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("A rerank call needs a non-empty query.", nameof(query));
        }

        if (documents.Count == 0)
        {
            throw new ArgumentException("A rerank call needs at least one document; the list is empty.", nameof(documents));
        }

        if (documents.Count > _options.MaxDocuments)
        {
            throw new ArgumentException($"A rerank call may have at most {_options.MaxDocuments} documents ({nameof(CustomRerankerOptions)}.{nameof(CustomRerankerOptions.MaxDocuments)}); got {documents.Count}.", nameof(documents));
        }

        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is null)
            {
                throw new ArgumentException($"Document {i} is null.", nameof(documents));
            }
        }

        if (options?.TopN is < 1)
        {
            throw new ArgumentException($"{nameof(RerankOptions)}.{nameof(RerankOptions.TopN)} must be at least 1 when set; got {options.TopN}.", nameof(options));
        }

        return new RerankCall(query, documents, options?.TopN ?? _options.TopN, options?.ModelId);
    }

    private static long SearchUnitsOf(RerankCall call) => (call.Documents.Count + DocumentsPerSearchUnit - 1) / DocumentsPerSearchUnit;

    private static int EstimateTokens(RerankCall call)
    {
        // A cross-encoder reads the query once per document.
        long tokens = 0;
        var query = TokenEstimator.ForText(call.Query);
        foreach (var document in call.Documents)
        {
            tokens += query + TokenEstimator.ForText(document);
        }

        return (int)Math.Min(tokens, int.MaxValue);
    }
}
