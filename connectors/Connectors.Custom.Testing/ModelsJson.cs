using System;

namespace Connectors.Custom.Testing;

/// <summary>The body of <c>GET /v1/models</c>: the chat and the embedding model, as the profile's server lists models.</summary>
internal static class ModelsJson
{
    /// <summary>The context length reported for the chat model. The scripted chat does not enforce it: it is what a
    /// served 32K model would report.</summary>
    public const int ChatContextLength = 32768;

    /// <summary>The context length reported for the embedding model: MiniLM's 512 positions.</summary>
    public const int EmbeddingContextLength = 512;

    public static byte[] List(string chatModelId, string embeddingModelId, long created, WireStyle style) => WireJson.Write((chatModelId, embeddingModelId, created, style), static (writer, s) =>
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var (id, contextLength) in (ReadOnlySpan<(string, int)>)[(s.chatModelId, ChatContextLength), (s.embeddingModelId, EmbeddingContextLength)])
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "model");
            writer.WriteNumber("created", s.created);
            writer.WriteString("owned_by", s.style.ModelOwner);
            if (s.style.ModelCardExtras)
            {
                writer.WriteString("root", id);
                writer.WriteNull("parent");
                writer.WriteNumber("max_model_len", contextLength);
                writer.WriteStartArray("permission");
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
