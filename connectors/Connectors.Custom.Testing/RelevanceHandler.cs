using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>What <c>/v1/rerank</c> and <c>/v1/score</c> share: one request reader for both field names, scoring by
/// <see cref="RelevanceScorer"/> (stopped when the client goes away or the server stops) and the token count; each
/// endpoint writes its own answer shape.</summary>
internal abstract class RelevanceHandler(LocalServerOptions options, bool scoreForm) : IEndpointHandler
{
    public string Method => HttpMethods.Post;

    public abstract string Path { get; }

    public EndpointRead Read(RecordedRequest request) =>
        RerankRequest.TryRead(request.Body, scoreForm, out var relevance, out var error)
            ? EndpointRead.Answer(new EndpointCall(relevance!.Model, Faultable: true, ServedAs.Rerank, answer => AnswerAsync(answer, relevance)))
            : EndpointRead.Invalid(error!);

    /// <summary>Writes the answer body.</summary>
    /// <param name="request">The request read.</param>
    /// <param name="scores">One score per document, in input order.</param>
    /// <param name="tokens">The tokens counted for usage: the query once per document plus every document.</param>
    /// <returns>The JSON body.</returns>
    protected abstract byte[] WriteAnswer(RerankRequest request, double[] scores, int tokens);

    private Task AnswerAsync(AnswerContext context, RerankRequest request)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.Http.RequestAborted, context.Delivery.Stopping);
        var scores = RelevanceScorer.Score(options, request.Query, request.Documents, either.Token);
        var tokens = TokenCounter.CountWords(request.Query) * request.Documents.Count + request.Documents.Sum(TokenCounter.CountWords);
        return context.WriteJsonAsync(StatusCodes.Status200OK, WriteAnswer(request, scores, tokens));
    }
}
