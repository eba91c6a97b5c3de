using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Writes a rerank request in the endpoint's form: <c>rerank</c> (Jina/Cohere) or vLLM's <c>score</c>.</summary>
internal static class RerankRequestWriter
{
    public static string PathFor(RerankApi api) => api == RerankApi.Score ? "score" : "rerank";

    public static void Write(Utf8JsonWriter writer, RerankCall call, CustomRerankerOptions endpoint)
    {
        writer.WriteStartObject();
        writer.WriteString("model"u8, call.ModelId ?? endpoint.ModelId);
        var score = endpoint.Quirks.RerankApi == RerankApi.Score;
        writer.WriteString(score ? "text_1"u8 : "query"u8, call.Query);
        writer.WriteStartArray(score ? "text_2"u8 : "documents"u8);
        foreach (var document in call.Documents)
        {
            writer.WriteStringValue(document);
        }

        writer.WriteEndArray();
        if (!score)
        {
            // The caller has the texts already; asking for them back only makes the answer larger.
            writer.WriteBoolean("return_documents"u8, false);
            if (call.TopN is { } topN)
            {
                writer.WriteNumber("top_n"u8, topN);
            }
        }

        writer.WriteEndObject();
    }

    public static int EstimateSize(RerankCall call)
    {
        long size = 256 + (call.Query.Length * 2L);
        foreach (var document in call.Documents)
        {
            size += (document.Length * 2L) + 4;
        }

        return (int)System.Math.Min(size, 64 * 1024 * 1024);
    }
}
