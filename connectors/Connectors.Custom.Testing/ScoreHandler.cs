using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/score</c> (vLLM's form): <c>text_1</c> against each of <c>text_2</c>, answered as
/// <c>data[{index, object: "score", score}]</c> in input order, scored like <see cref="RerankHandler"/>.</summary>
internal sealed class ScoreHandler(LocalServerOptions options, TimeProvider time) : IEndpointHandler
{
    public string Method => HttpMethods.Post;

    public string Path => "/v1/score";

    public EndpointRead Read(RecordedRequest request) =>
        RerankRequest.TryRead(request.Body, score: true, out var score, out var error)
            ? EndpointRead.Answer(new EndpointCall(score!.Model, Faultable: true, ServedAs.Rerank, answer => AnswerAsync(answer, score)))
            : EndpointRead.Invalid(error!);

    private Task AnswerAsync(AnswerContext context, RerankRequest score)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.Http.RequestAborted, context.Delivery.Stopping);
        var scores = RelevanceScorer.Score(options, score.Query, score.Documents, either.Token);
        var tokens = TokenCounter.CountWords(score.Query) * score.Documents.Count + score.Documents.Sum(TokenCounter.CountWords);
        var body = WireJson.Write((Score: score, Scores: scores, Tokens: tokens, Created: time.GetUtcNow().ToUnixTimeSeconds()), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", "score-" + Guid.NewGuid().ToString("N"));
            writer.WriteString("object", "list");
            writer.WriteNumber("created", s.Created);
            writer.WriteString("model", s.Score.Model);
            writer.WriteStartArray("data");
            for (var i = 0; i < s.Scores.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", i);
                writer.WriteString("object", "score");
                writer.WriteNumber("score", s.Scores[i]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", s.Tokens);
            writer.WriteNumber("total_tokens", s.Tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return context.WriteJsonAsync(StatusCodes.Status200OK, body);
    }
}
