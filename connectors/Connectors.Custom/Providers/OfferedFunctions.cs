using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>The functions a request offered, as the text tool-call formats need them: a name check, and the declared
/// type of a parameter for formats that write values as bare text.</summary>
internal readonly struct OfferedFunctions
{
    private readonly ICollection<string> _names;
    private readonly IReadOnlyDictionary<string, JsonElement>? _schemas;

    public OfferedFunctions(ICollection<string> names, IReadOnlyDictionary<string, JsonElement>? schemas)
    {
        _names = names;
        _schemas = schemas;
    }

    /// <summary>Whether the request offered a function of that name.</summary>
    public bool Contains(string name) => _names.Contains(name);

    /// <summary>Whether the function's schema declares the parameter as a string (and only a string, or a string
    /// or null), so text that happens to look like a number stays text.</summary>
    public bool IsStringParameter(string function, string parameter)
    {
        if (_schemas is null || !_schemas.TryGetValue(function, out var schema) || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty(parameter, out var property) || property.ValueKind != JsonValueKind.Object
            || !property.TryGetProperty("type", out var type))
        {
            return false;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.ValueEquals("string");
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var sawString = false;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueEquals("string"))
            {
                sawString = true;
            }
            else if (!item.ValueEquals("null"))
            {
                return false;
            }
        }

        return sawString;
    }
}
