using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>
/// The checks llama.cpp's <c>common/json-schema-to-grammar.cpp</c> makes while it turns a tool's parameter schema into
/// a grammar, with its error texts. References are resolved first (only local <c>#/…</c> pointers; a pointer that
/// leads nowhere is an error), then the schema is walked as the converter walks it: <c>anyOf</c>/<c>oneOf</c>
/// alternatives, type lists, properties, <c>allOf</c> parts and items are visited; a <c>pattern</c> must be anchored
/// (<c>^…$</c>); a <c>type</c> that names no JSON type is an unrecognized schema. Everything else it accepts: unknown
/// formats, free-form objects, nodes with only a description.
/// </summary>
internal sealed class LlamaCppSchemaConversion
{
    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    private readonly JsonElement _root;
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _refsVisited = new(StringComparer.Ordinal);

    private LlamaCppSchemaConversion(JsonElement root) => _root = root;

    /// <summary>llama.cpp's error text for <paramref name="schema"/> (<c>JSON schema conversion failed:</c> and one
    /// line per problem), or null when it converts.</summary>
    public static string? FindError(JsonElement schema)
    {
        var conversion = new LlamaCppSchemaConversion(schema);
        conversion.ResolveRefs(schema);
        if (conversion._errors.Count == 0)
        {
            conversion.Visit(schema);
        }

        return conversion._errors.Count == 0 ? null : "JSON schema conversion failed:\n" + string.Join('\n', conversion._errors);
    }

    private void ResolveRefs(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                ResolveRefs(item);
            }
        }
        else if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
            {
                _ = Resolve(reference.GetString()!);
                return;
            }

            foreach (var property in node.EnumerateObject())
            {
                ResolveRefs(property.Value);
            }
        }
    }

    /// <summary>Follows a local JSON pointer from the root; records llama.cpp's error when it cannot.</summary>
    private JsonElement? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            AddError("Unsupported ref: " + reference);
            return null;
        }

        var target = _root;
        foreach (var token in reference[2..].Split('/'))
        {
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(token, out var child))
            {
                target = child;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                AddError($"Error resolving ref {reference}: {token} not in {Compact(target)}");
                return null;
            }
        }

        return target;
    }

    private void Visit(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t : default;
        var untyped = type.ValueKind == JsonValueKind.Undefined;
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            // A recursive type is visited once, as the converter names its rule once.
            if (_refsVisited.Add(reference.GetString()!) && Resolve(reference.GetString()!) is { } target)
            {
                Visit(target);
            }

            return;
        }

        if (schema.TryGetProperty("oneOf", out var alternatives) || schema.TryGetProperty("anyOf", out alternatives))
        {
            VisitAll(alternatives);
            return;
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in type.EnumerateArray())
            {
                VisitTyped(schema, name);
            }

            return;
        }

        if (schema.TryGetProperty("const", out _) || schema.TryGetProperty("enum", out _))
        {
            return;
        }

        VisitTyped(schema, type, untyped);
    }

    /// <summary>The part of the converter after alternatives and type lists, for one <paramref name="type"/>.</summary>
    private void VisitTyped(JsonElement schema, JsonElement type, bool untyped = false)
    {
        var name = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        var objectLike = untyped || name == "object";
        if (objectLike && (schema.TryGetProperty("properties", out _) || (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.True)))
        {
            VisitProperties(schema);
            if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                Visit(additional);
            }

            return;
        }

        if ((objectLike || name == "string") && schema.TryGetProperty("allOf", out var parts))
        {
            foreach (var part in parts.EnumerateArray())
            {
                VisitProperties(part);
            }

            return;
        }

        if ((untyped || name == "array") && (schema.TryGetProperty("items", out var items) || schema.TryGetProperty("prefixItems", out items)))
        {
            if (items.ValueKind == JsonValueKind.Array)
            {
                VisitAll(items);
            }
            else
            {
                Visit(items);
            }

            return;
        }

        if ((untyped || name == "string") && schema.TryGetProperty("pattern", out var pattern))
        {
            var text = pattern.ValueKind == JsonValueKind.String ? pattern.GetString()! : string.Empty;
            if (!(text.StartsWith('^') && text.EndsWith('$')))
            {
                AddError("Pattern must start with '^' and end with '$'");
            }

            return;
        }

        if (untyped || name is "string" or "number" or "integer" or "boolean" or "object" or "array" or "null")
        {
            return;
        }

        AddError("Unrecognized schema: " + Compact(schema));
    }

    private void VisitProperties(JsonElement schema)
    {
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                Visit(property.Value);
            }
        }
    }

    private void VisitAll(JsonElement schemas)
    {
        if (schemas.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in schemas.EnumerateArray())
        {
            Visit(item);
        }
    }

    private void AddError(string error)
    {
        if (!_errors.Contains(error))
        {
            _errors.Add(error);
        }
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element, s_compact);
}
