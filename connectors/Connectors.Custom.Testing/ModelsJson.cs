namespace Connectors.Custom.Testing;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
internal static class ModelsJson
{
    private const string Owner = "connectors-custom-testing";

    public static byte[] List(string chatModelId, string embeddingModelId, long created) => WireJson.Write((chatModelId, embeddingModelId, created), static (writer, s) =>
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var id in (string[])[s.chatModelId, s.embeddingModelId])
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "model");
            writer.WriteNumber("created", s.created);
            writer.WriteString("owned_by", Owner);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
