using System;
using System.Linq;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/rerank</c> (Jina/Cohere shape): <c>results[{index, relevance_score, document?}]</c> best
/// first, cut to <c>top_n</c>, scored by <see cref="RelevanceScorer"/> (a bi-encoder stand-in for a cross-encoder).</summary>
internal sealed class RerankHandler(LocalServerOptions options) : RelevanceHandler(options, scoreForm: false)
{
    public override string Path => "/v1/rerank";

    protected override byte[] WriteAnswer(RerankRequest rerank, double[] scores, int tokens)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(rerank.TopN ?? int.MaxValue).ToArray();
        return WireJson.Write((Rerank: rerank, Scores: scores, Order: order, Tokens: tokens), static (writer, s) =>
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
    }
}
