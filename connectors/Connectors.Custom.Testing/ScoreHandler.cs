using System;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/score</c> (vLLM's form): <c>text_1</c> against each of <c>text_2</c>, answered as
/// <c>data[{index, object: "score", score}]</c> in input order, scored like <see cref="RerankHandler"/>.</summary>
internal sealed class ScoreHandler(LocalServerOptions options, TimeProvider time) : RelevanceHandler(options, scoreForm: true)
{
    public override string Path => "/v1/score";

    protected override byte[] WriteAnswer(RerankRequest score, double[] scores, int tokens)
    {
        return WireJson.Write((Score: score, Scores: scores, Tokens: tokens, Created: time.GetUtcNow().ToUnixTimeSeconds()), static (writer, s) =>
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
    }
}
