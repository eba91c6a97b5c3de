using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Local models often write a nested argument as a JSON string holding the object or array
/// (<c>{"route": "{\"from\":\"OSL\"}"}</c>). Where the called function declares that parameter as an object or an
/// array, the string is replaced by the value it holds, so the function (an MCP tool, a kernel function) receives
/// JSON values. A string parameter, or a string that does not hold the declared kind, is left as it is.
/// </summary>
internal static class NestedArguments
{
    /// <summary>Repairs the arguments of <paramref name="calls"/> in place, against the functions the request offered.</summary>
    public static void Repair(List<FunctionCallContent> calls, IList<AITool>? tools)
    {
        if (calls.Count == 0 || tools is not { Count: > 0 })
        {
            return;
        }

        foreach (var call in calls)
        {
            if (call.Arguments is not { Count: > 0 } arguments
                || Offered(tools, call.Name) is not { } function
                || function.JsonSchema.ValueKind != JsonValueKind.Object
                || !function.JsonSchema.TryGetProperty("properties", out var properties)
                || properties.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var name in arguments.Keys.ToList())
            {
                if (arguments[name] is JsonElement { ValueKind: JsonValueKind.String } text
                    && properties.TryGetProperty(name, out var property)
                    && TryReadDeclared(text.GetString()!, property, out var value))
                {
                    arguments[name] = value;
                }
            }
        }
    }

    /// <summary>Reads the text as JSON when the schema declares an object or array and the text holds one.</summary>
    /// <summary>The function named <paramref name="name"/> among the tools offered (a loop: this runs for every call
    /// of every answer).</summary>
    private static AIFunctionDeclaration? Offered(IList<AITool> tools, string name)
    {
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is AIFunctionDeclaration function && function.Name == name)
            {
                return function;
            }
        }

        return null;
    }

    private static bool TryReadDeclared(string text, JsonElement property, out JsonElement value)
    {
        value = default;
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '[') || !Declares(property, trimmed[0] == '{' ? "object" : "array", depth: 0))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
            return value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the schema (its <c>type</c>, or an <c>anyOf</c>/<c>oneOf</c> alternative) allows the JSON type,
    /// and not a string.</summary>
    private static bool Declares(JsonElement schema, string type, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 2)
        {
            return false;
        }

        if (schema.TryGetProperty("type", out var declared))
        {
            if (declared.ValueKind == JsonValueKind.String)
            {
                return declared.ValueEquals(type);
            }

            if (declared.ValueKind == JsonValueKind.Array)
            {
                var names = declared.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).ToList();
                return names.Contains(type) && !names.Contains("string");
            }
        }

        foreach (var keyword in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
            {
                var allowed = alternatives.EnumerateArray().Any(a => Declares(a, type, depth + 1));
                var allowsString = alternatives.EnumerateArray().Any(a => Declares(a, "string", depth + 1));
                return allowed && !allowsString;
            }
        }

        return false;
    }
}
