using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/rerank</c> (Jina/Cohere shape): <c>results[{index, relevance_score, document?}]</c> best
/// first, cut to <c>top_n</c>, scored by <see cref="RelevanceScorer"/> (a bi-encoder stand-in for a cross-encoder).</summary>
internal sealed class RerankHandler(LocalServerOptions options) : IEndpointHandler
{
    public string Method => HttpMethods.Post;

    public string Path => "/v1/rerank";

    public EndpointRead Read(RecordedRequest request) =>
        RerankRequest.TryRead(request.Body, score: false, out var rerank, out var error)
            ? EndpointRead.Answer(new EndpointCall(rerank!.Model, Faultable: true, ServedAs.Rerank, answer => AnswerAsync(answer, rerank)))
            : EndpointRead.Invalid(error!);

    private Task AnswerAsync(AnswerContext context, RerankRequest rerank)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.Http.RequestAborted, context.Delivery.Stopping);
        var scores = RelevanceScorer.Score(options, rerank.Query, rerank.Documents, either.Token);
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(rerank.TopN ?? int.MaxValue).ToArray();
        var tokens = TokenCounter.CountWords(rerank.Query) * rerank.Documents.Count + rerank.Documents.Sum(TokenCounter.CountWords);
        var body = WireJson.Write((Rerank: rerank, Scores: scores, Order: order, Tokens: tokens), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", Guid.NewGuid().ToString("N"));
            writer.WriteString("model", s.Rerank.Model);
            writer.WriteStartArray("results");
            foreach (var index in s.Order)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", index);
                writer.WriteNumber("relevance_score", s.Scores[index]);
                if (s.Rerank.ReturnDocuments)
                {
                    writer.WriteStartObject("document");
                    writer.WriteString("text", s.Rerank.Documents[index]);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            writer.WriteNumber("total_tokens", s.Tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return context.WriteJsonAsync(StatusCodes.Status200OK, body);
    }
}
