using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>The scripted model's answer in JSON mode: <c>{"echo":"&lt;last user message&gt;"}</c> for
/// <c>json_object</c>, and for a JSON schema the smallest object that satisfies it (its required properties, each with
/// the simplest valid value).</summary>
internal static class JsonModeReply
{
    private const int MaxDepth = 16;

    public static string Create(ChatScriptRequest request)
    {
        if (request.ResponseFormat?.SchemaJson is { } schemaText)
        {
            using var schema = JsonDocument.Parse(schemaText);
            return System.Text.Encoding.UTF8.GetString(WireJson.Write(schema.RootElement, static (writer, root) => WriteExample(writer, root, root, 0)));
        }

        return System.Text.Encoding.UTF8.GetString(WireJson.Write(request.LastUserMessage ?? string.Empty, static (writer, text) =>
        {
            writer.WriteStartObject();
            writer.WriteString("echo", text);
            writer.WriteEndObject();
        }));
    }

    /// <summary>Writes the simplest value <paramref name="schema"/> accepts.</summary>
    private static void WriteExample(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        schema = Resolve(schema, root);
        if (depth > MaxDepth || schema.ValueKind != JsonValueKind.Object)
        {
            // true, {} or a schema nested too deep (recursive types): anything goes, null is the smallest.
            writer.WriteNullValue();
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(writer);
            return;
        }

        foreach (var combinator in (string[])["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(combinator, out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                // The first non-null alternative: a nullable reference type is usually [{...}, {"type":"null"}].
                var choice = options.EnumerateArray().FirstOrDefault(o => TypeOf(Resolve(o, root)) != "null");
                WriteExample(writer, choice.ValueKind == JsonValueKind.Undefined ? options[0] : choice, root, depth + 1);
                return;
            }
        }

        switch (TypeOf(schema))
        {
            case "object":
                WriteObject(writer, schema, root, depth);
                break;
            case "array":
                var count = schema.TryGetProperty("minItems", out var minItems) && minItems.TryGetInt32(out var min) ? Math.Clamp(min, 0, 8) : 0;
                writer.WriteStartArray();
                for (var i = 0; i < count; i++)
                {
                    if (schema.TryGetProperty("items", out var items))
                    {
                        WriteExample(writer, items, root, depth + 1);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
                break;
            case "string":
                writer.WriteStringValue(StringExample(schema));
                break;
            case "integer":
                writer.WriteNumberValue(Minimum(schema) is { } low ? (long)Math.Ceiling(low) : 0);
                break;
            case "number":
                writer.WriteNumberValue(Minimum(schema) ?? 0);
                break;
            case "boolean":
                writer.WriteBooleanValue(false);
                break;
            case "null":
                writer.WriteNullValue();
                break;
            default:
                // No type: an object schema if it lists properties, otherwise anything (null).
                if (schema.TryGetProperty("properties", out _))
                {
                    WriteObject(writer, schema, root, depth);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        writer.WriteStartObject();
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in required.EnumerateArray())
            {
                if (name.GetString() is { } property && written.Add(property))
                {
                    writer.WritePropertyName(property);
                    if (properties.TryGetProperty(property, out var propertySchema))
                    {
                        WriteExample(writer, propertySchema, root, depth + 1);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The schema a local <c>$ref</c> (<c>#</c>, <c>#/$defs/X</c>, <c>#/definitions/X</c>) points at.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement root)
    {
        for (var hops = 0; hops < MaxDepth && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } path; hops++)
        {
            if (path == "#")
            {
                schema = root;
                continue;
            }

            if (!path.StartsWith("#/", StringComparison.Ordinal))
            {
                break;
            }

            var target = root;
            foreach (var segment in path[2..].Split('/'))
            {
                var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
                {
                    return default;
                }
            }

            schema = target;
        }

        return schema;
    }

    /// <summary>The schema's type; of a list such as <c>["string","null"]</c>, the first that is not null.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            var types = type.EnumerateArray().Select(t => t.GetString()).ToList();
            return types.FirstOrDefault(t => t != "null") ?? types.FirstOrDefault();
        }

        return null;
    }

    private static double? Minimum(JsonElement schema) =>
        schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDouble(out var value) && value > 0 ? value
        : schema.TryGetProperty("exclusiveMinimum", out var exclusive) && exclusive.TryGetDouble(out var bound) && bound >= 0 ? bound + 1
        : null;

    private static string StringExample(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var text = format switch
        {
            "date-time" => "2000-01-01T00:00:00Z",
            "date" => "2000-01-01",
            "time" => "00:00:00",
            "email" => "user@example.com",
            "uri" or "url" => "https://example.com/",
            "uuid" => "00000000-0000-0000-0000-000000000000",
            _ => string.Empty,
        };
        var minLength = schema.TryGetProperty("minLength", out var min) && min.TryGetInt32(out var length) ? Math.Clamp(length, 0, 64) : 0;
        return text.Length >= minLength ? text : text + new string('x', minLength - text.Length);
    }
}
