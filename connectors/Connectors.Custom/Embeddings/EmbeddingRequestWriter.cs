using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes an <c>embeddings</c> request body for one batch.</summary>
internal static class EmbeddingRequestWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<string> inputs, EmbeddingBatch batch, string modelId, int? dimensions, EmbeddingEncodingFormat format, EmbeddingGenerationOptions? options, CustomQuirkProfile quirks)
    {
        writer.WriteStartObject();
        writer.WriteString("model", modelId);
        writer.WriteStartArray("input");
        for (var i = batch.Offset; i < batch.Offset + batch.Count; i++)
        {
            writer.WriteStringValue(inputs[i]);
        }

        writer.WriteEndArray();
        writer.WriteString("encoding_format", format == EmbeddingEncodingFormat.Base64 ? "base64" : "float");
        if (dimensions is { } size)
        {
            writer.WriteNumber(quirks.EmbeddingDimensionsParameter, size);
        }

        var extra = options?.AdditionalProperties;
        if (quirks.EmbeddingInputType is { } inputType && !(extra?.ContainsKey("input_type") ?? false))
        {
            writer.WriteString("input_type", inputType);
        }

        if (extra is not null)
        {
            // Provider parameters such as NIM's input_type or truncate go through unchanged.
            foreach (var (key, value) in extra)
            {
                if (value is null || key is "model" or "input" or "encoding_format" || (key == "dimensions" && dimensions is not null))
                {
                    continue;
                }

                writer.WritePropertyName(key);
                JsonValueWriter.Write(writer, value);
            }
        }

        writer.WriteEndObject();
    }
}
