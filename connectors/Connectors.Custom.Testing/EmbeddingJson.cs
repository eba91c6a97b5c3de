using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>The body of an embeddings answer, vectors as JSON floats or as base64 of little-endian float32.</summary>
internal static class EmbeddingJson
{
    public static byte[] Response(EmbeddingRequest request, IReadOnlyList<float[]> vectors, int promptTokens) => WireJson.Write((request, vectors, promptTokens), static (writer, s) =>
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        var bytes = s.request.Base64 ? new byte[s.request.Dimensions * sizeof(float)] : [];
        for (var i = 0; i < s.vectors.Count; i++)
        {
            var vector = s.vectors[i];
            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            writer.WriteNumber("index", i);
            if (s.request.Base64)
            {
                for (var d = 0; d < vector.Length; d++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
                }

                writer.WriteBase64String("embedding", bytes);
            }
            else
            {
                writer.WriteStartArray("embedding");
                foreach (var value in vector)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", s.request.Model);
        WireJson.WriteUsage(writer, new TokenUsage(s.promptTokens, 0), embeddings: true);
        writer.WriteEndObject();
    });
}
