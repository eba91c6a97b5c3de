using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes <c>response_format</c> (chat completions) or <c>text.format</c> (Responses): <c>json_object</c> for
/// plain JSON mode, <c>json_schema</c> with a schema.</summary>
internal static class ResponseFormatWriter
{
    /// <summary>Writes the field when the format asks for something other than plain text.</summary>
    /// <returns>True when the field was written.</returns>
    public static bool Write(Utf8JsonWriter writer, ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson json)
        {
            // Text is every server's default; some (Together) reject an explicit {"type":"text"} on some models.
            return false;
        }

        writer.WriteStartObject("response_format");
        if (json.Schema is not { } schema)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            WriteSchemaFields(writer, json, schema);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>Writes <c>text.format</c>, the Responses API's place for the same choice, with the schema's fields
    /// on the format itself.</summary>
    /// <returns>True when the field was written.</returns>
    public static bool WriteTextFormat(Utf8JsonWriter writer, ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson json)
        {
            return false;
        }

        writer.WriteStartObject("text");
        writer.WriteStartObject("format");
        if (json.Schema is not { } schema)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            writer.WriteString("type", "json_schema");
            WriteSchemaFields(writer, json, schema);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        return true;
    }

    private static void WriteSchemaFields(Utf8JsonWriter writer, ChatResponseFormatJson json, JsonElement schema)
    {
        writer.WriteString("name", string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : AuthorNames.Sanitize(json.SchemaName));
        if (!string.IsNullOrWhiteSpace(json.SchemaDescription))
        {
            writer.WriteString("description", json.SchemaDescription);
        }

        writer.WritePropertyName("schema");
        schema.WriteTo(writer);
    }
}
