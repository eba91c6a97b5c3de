using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Tolerant readers for single JSON values: a field of an unexpected type yields null (or its raw text) instead of
/// an exception, because OpenAI-compatible servers disagree on types (numeric vs string codes, objects vs strings).
/// </summary>
internal static class JsonReading
{
    /// <summary>Reads a string value. Numbers and booleans come back as their text; objects and arrays are skipped
    /// and give null.</summary>
    /// <remarks>The reader must be positioned on the value.</remarks>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    /// <summary>Reads an integer given as a number (possibly with a fraction) or as numeric text.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return whole;
                }

                return reader.TryGetDouble(out var real) && double.IsFinite(real) ? (long)real : null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    /// <summary>Reads any value as JSON text: strings give their unescaped value, anything else its raw JSON.</summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="json">The whole buffer the reader reads, used to slice out raw objects and arrays.</param>
    public static string? ReadStringOrRawJson(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                return Encoding.UTF8.GetString(json[start..end]);
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>Reads one string member of the object the reader is on (null when absent or not an object), skipping
    /// the others.</summary>
    public static string? ReadStringMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                value = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>True when the reader is on the member named <paramref name="name"/>, and then moves it onto the member's
    /// value, so a parser's branch reads the value next and no branch can forget to step past the name.</summary>
    public static bool AtMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }

        reader.Read();
        return true;
    }

    /// <summary>Skips the member the reader is on (its name and whole value): one the parser does not read.</summary>
    public static void SkipMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Appends <paramref name="addition"/> to <paramref name="current"/> (either may be null).</summary>
    public static string? Concat(string? current, string? addition) =>
        current is null ? addition : addition is null ? current : string.Concat(current, addition);
}
