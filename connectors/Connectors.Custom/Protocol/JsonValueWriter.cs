using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Writes loosely-typed values (pass-through request parameters, tool-call arguments, tool results) as JSON.
/// </summary>
/// <remarks>Values arrive from prompt YAML/JSON (as <see cref="JsonElement"/>), from Semantic Kernel's settings
/// conversion (primitives and lazy sequences) or from user code (anything). Common shapes are written directly;
/// anything else goes through M.E.AI's serializer options, which users can extend for their own types.</remarks>
internal static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                WriteFloating(writer, number);
                break;
            case float number:
                WriteFloating(writer, number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case Enum enumValue:
                writer.WriteStringValue(enumValue.ToString());
                break;
            case IDictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence when value is not IDictionary:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    /// <summary>Turns a tool result into the string the protocol's <c>content</c> field wants.</summary>
    public static string ToContentString(object? value)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return element.GetString()!;
            case IFormattable formattable when value is not Enum:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, value);
                }

                return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    // Floats keep their shortest round-trip form (0.7f must go out as 0.7, not 0.699999988).
    private static void WriteFloating(Utf8JsonWriter writer, double number)
    {
        if (!double.IsFinite(number))
        {
            throw new ArgumentException($"The value {number} cannot be sent as JSON.");
        }

        writer.WriteNumberValue(number);
    }

    private static void WriteFloating(Utf8JsonWriter writer, float number)
    {
        if (!float.IsFinite(number))
        {
            throw new ArgumentException($"The value {number} cannot be sent as JSON.");
        }

        writer.WriteRawValue(number.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
