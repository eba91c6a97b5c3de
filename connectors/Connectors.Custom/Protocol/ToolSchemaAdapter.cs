using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Custom;

/// <summary>
/// Rewrites a function's parameter schema into the constructs a server accepts (see <see cref="ToolSchemaFeatures"/>
/// for each rewrite). A schema the server accepts whole is written unchanged, without being copied.
/// </summary>
internal static class ToolSchemaAdapter
{
    /// <summary>How many references deep inlining goes; beyond, or for a recursive schema, a plain object stands in.</summary>
    public const int MaxInlineDepth = 8;

    /// <summary>Writes <paramref name="schema"/> as the server accepts it.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement schema, ToolSchemaFeatures features)
    {
        if ((features & ToolSchemaFeatures.Standard) == ToolSchemaFeatures.Standard || schema.ValueKind != JsonValueKind.Object)
        {
            schema.WriteTo(writer);
            return;
        }

        Adapt(JsonObject.Create(schema)!, schema, features, 0).WriteTo(writer);
    }

    private static JsonObject Adapt(JsonObject node, JsonElement root, ToolSchemaFeatures features, int inlineDepth)
    {
        if (!features.HasFlag(ToolSchemaFeatures.References) && node["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer))
        {
            return Adapt(Inline(node, pointer, root, inlineDepth), root, features, inlineDepth + 1);
        }

        if (!features.HasFlag(ToolSchemaFeatures.Composition))
        {
            if ((node["anyOf"] ?? node["oneOf"]) is JsonArray alternatives)
            {
                var chosen = Adapt(ChooseAlternative(node, alternatives), root, features, inlineDepth);
                return alternatives.Any(IsNullType) ? MakeNullable(chosen) : chosen;
            }

            if (node["allOf"] is JsonArray parts)
            {
                node.Remove("allOf");
                foreach (var part in parts.OfType<JsonObject>().ToList())
                {
                    Merge(node, Adapt((JsonObject)part.DeepClone(), root, features, inlineDepth));
                }
            }
        }

        if (!features.HasFlag(ToolSchemaFeatures.FormatKeywords))
        {
            MoveToDescription(node, "format", "pattern");
        }

        AdaptChildren(node, root, features, inlineDepth);
        if (!features.HasFlag(ToolSchemaFeatures.References))
        {
            node.Remove("$defs");
            node.Remove("definitions");
        }

        if (!features.HasFlag(ToolSchemaFeatures.PropertylessObjects) && IsObjectType(node) && node["properties"] is not JsonObject)
        {
            node["properties"] = new JsonObject();
        }

        return node;
    }

    private static void AdaptChildren(JsonObject node, JsonElement root, ToolSchemaFeatures features, int inlineDepth)
    {
        if (node["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                if (properties[name] is JsonObject property)
                {
                    properties[name] = Adapt(Detach(property), root, features, inlineDepth);
                }
            }
        }

        foreach (var key in (ReadOnlySpan<string>)["items", "additionalProperties", "not"])
        {
            if (node[key] is JsonObject child)
            {
                node[key] = Adapt(Detach(child), root, features, inlineDepth);
            }
        }

        foreach (var key in (ReadOnlySpan<string>)["prefixItems", "anyOf", "oneOf", "allOf"])
        {
            if (node[key] is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject child)
                    {
                        list[i] = Adapt(Detach(child), root, features, inlineDepth);
                    }
                }
            }
        }
    }

    /// <summary>The referenced schema with the referring node's own keywords (description, default) laid over it.</summary>
    private static JsonObject Inline(JsonObject node, string pointer, JsonElement root, int inlineDepth)
    {
        var target = inlineDepth < MaxInlineDepth && Resolve(root, pointer) is { ValueKind: JsonValueKind.Object } found
            ? JsonObject.Create(found)!
            : new JsonObject { ["type"] = "object" };
        foreach (var (key, value) in node.ToList())
        {
            if (key != "$ref")
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    /// <summary>Resolves a local JSON pointer (<c>#</c>, <c>#/$defs/Name</c>, <c>#/definitions/Name</c>, …).</summary>
    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            return null;
        }

        var current = root;
        foreach (var segment in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The first alternative that is not <c>null</c>, with the node's other keywords laid over it.</summary>
    private static JsonObject ChooseAlternative(JsonObject node, JsonArray alternatives)
    {
        var chosen = alternatives.OfType<JsonObject>().FirstOrDefault(a => !IsNullType(a)) is { } first
            ? (JsonObject)first.DeepClone()
            : new JsonObject { ["type"] = "null" };
        foreach (var (key, value) in node.ToList())
        {
            if (key is not ("anyOf" or "oneOf"))
            {
                chosen[key] = value?.DeepClone();
            }
        }

        return chosen;
    }

    private static bool IsNullType(JsonNode? node) =>
        node is JsonObject o && AsString(o["type"]) == "null";

    private static JsonObject MakeNullable(JsonObject node)
    {
        switch (node["type"])
        {
            case JsonValue type when AsString(type) is { } name && name != "null":
                node["type"] = new JsonArray(name, "null");
                break;
            case JsonArray types when !types.Any(t => AsString(t) == "null"):
                types.Add((JsonNode)"null");
                break;
        }

        if (node["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }

        return node;
    }

    /// <summary>Merges an <c>allOf</c> part: properties and required names are united, other keywords kept if unset.</summary>
    private static void Merge(JsonObject target, JsonObject part)
    {
        foreach (var (key, value) in part.ToList())
        {
            if (key == "properties" && value is JsonObject properties)
            {
                var into = target["properties"] as JsonObject ?? (JsonObject)(target["properties"] = new JsonObject());
                foreach (var (name, schema) in properties.ToList())
                {
                    into[name] = schema?.DeepClone();
                }
            }
            else if (key == "required" && value is JsonArray required)
            {
                var into = target["required"] as JsonArray ?? (JsonArray)(target["required"] = new JsonArray());
                foreach (var name in required.Select(AsString).Where(n => n is not null && !into.Any(i => AsString(i) == n)).ToList())
                {
                    into.Add((JsonNode)name!);
                }
            }
            else if (!target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static void MoveToDescription(JsonObject node, params string[] keywords)
    {
        var notes = new List<string>();
        foreach (var keyword in keywords)
        {
            if (node[keyword] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                notes.Add($"{keyword}: {text}");
                node.Remove(keyword);
            }
        }

        if (notes.Count > 0)
        {
            var description = node["description"] is JsonValue d && d.TryGetValue<string>(out var existing) ? existing + " " : string.Empty;
            node["description"] = $"{description}({string.Join("; ", notes)})";
        }
    }

    private static bool IsObjectType(JsonObject node) => node["type"] switch
    {
        JsonValue type => AsString(type) == "object",
        JsonArray types => types.Any(t => AsString(t) == "object"),
        _ => false,
    };

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A child taken out of its parent, so it can be adapted and put back (a node has one parent).</summary>
    private static JsonObject Detach(JsonObject child)
    {
        var parent = child.Parent;
        switch (parent)
        {
            case JsonObject o:
                o[child.GetPropertyName()] = null;
                break;
            case JsonArray a:
                a[child.GetElementIndex()] = null;
                break;
        }

        return child;
    }
}
