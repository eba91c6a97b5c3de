using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>
/// Checks tool schemas the way a server that constrains tool calls with a grammar does, for the profiles of such
/// servers: a construct its converter cannot place fails the request with 400 and llama.cpp's text,
/// <c>JSON schema conversion failed:</c> then what failed.
/// <see cref="WireProfile.LlamaCpp"/> converts as llama.cpp does (<see cref="LlamaCppSchemaConversion"/>).
/// <see cref="WireProfile.Vllm"/> stands for the strictest guided-decoding backends: <c>anyOf</c>, <c>oneOf</c>,
/// <c>allOf</c>, <c>not</c>, <c>$ref</c>, <c>$defs</c>/<c>definitions</c>, <c>pattern</c>, a <c>format</c> other than
/// date, time, date-time and uuid, and a <c>type</c> that is not a JSON type (a list of JSON types, as for nullable
/// values, is accepted) are refused as <c>Unrecognized schema: {…}</c> naming the node.
/// </summary>
internal static class ToolSchemaValidation
{
    /// <summary>The error text for the first tool schema the profile's server would reject, or null.</summary>
    public static string? FindRejection(WireProfile profile, ChatScriptRequest request)
    {
        Func<JsonElement, string?>? check = profile switch
        {
            WireProfile.Vllm => static schema => FindUnsupported(schema) is { } node ? $"JSON schema conversion failed:\nUnrecognized schema: {node.GetRawText()}" : null,
            WireProfile.LlamaCpp => LlamaCppSchemaConversion.FindError,
            _ => null,
        };
        if (check is null)
        {
            return null;
        }

        foreach (var tool in request.Tools)
        {
            if (tool.ParametersJson is not { } json)
            {
                continue;
            }

            using var schema = JsonDocument.Parse(json);
            if (check(schema.RootElement) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static JsonElement? FindUnsupported(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in node.EnumerateObject())
        {
            var supported = property.Name switch
            {
                "anyOf" or "oneOf" or "allOf" or "not" or "$ref" or "$defs" or "definitions" or "pattern" => false,
                "format" => property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is "date" or "time" or "date-time" or "uuid",
                "type" => IsJsonType(property.Value),
                _ => true,
            };
            if (!supported)
            {
                return node;
            }
        }

        foreach (var child in Children(node))
        {
            if (FindUnsupported(child) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsJsonType(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString() is "string" or "number" or "integer" or "boolean" or "object" or "array" or "null";
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in type.EnumerateArray())
        {
            if (!IsJsonType(item) || item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<JsonElement> Children(JsonElement node)
    {
        if (node.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                yield return property.Value;
            }
        }

        foreach (var key in new[] { "items", "additionalProperties" })
        {
            if (node.TryGetProperty(key, out var child))
            {
                yield return child;
            }
        }

        if (node.TryGetProperty("prefixItems", out var prefix) && prefix.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in prefix.EnumerateArray())
            {
                yield return item;
            }
        }
    }
}
