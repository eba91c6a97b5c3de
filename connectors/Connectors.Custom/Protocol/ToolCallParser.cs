using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads <c>tool_calls</c> entries (whole calls or streamed fragments) into <see cref="ToolCallDelta"/>s.</summary>
internal static class ToolCallParser
{
    public static void ReadArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<ToolCallDelta> target)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                target.Add(ReadCall(ref reader, json));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    public static void ReadLegacyFunctionCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<ToolCallDelta> target)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        var (name, arguments) = ReadFunction(ref reader, json);
        target.Add(new ToolCallDelta(0, null, name, arguments));
    }

    private static ToolCallDelta ReadCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        int? index = null;
        string? id = null;
        string? name = null;
        string? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var function = ReadFunction(ref reader, json);
                    name ??= function.Name;
                    arguments ??= function.Arguments;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                var value = JsonReading.ReadInt64(ref reader);
                index = value is >= 0 and <= int.MaxValue ? (int)value : null;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = JsonReading.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                // Some servers flatten the function object into the call.
                reader.Read();
                name ??= JsonReading.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                arguments ??= JsonReading.ReadStringOrRawJson(ref reader, json);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ToolCallDelta(index, id, name, arguments);
    }

    private static (string? Name, string? Arguments) ReadFunction(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        string? name = null;
        string? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = JsonReading.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                // A JSON string normally; some servers send the arguments object itself.
                reader.Read();
                arguments = JsonReading.ReadStringOrRawJson(ref reader, json);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (name, arguments);
    }
}
