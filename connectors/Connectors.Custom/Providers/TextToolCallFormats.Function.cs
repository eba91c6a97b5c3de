using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom;

/// <content>Llama's <c>&lt;function=name&gt;{..}</c> and Qwen3-Coder's <c>&lt;parameter=…&gt;</c> elements.</content>
internal static partial class TextToolCallFormats
{
    private const string FunctionEnd = "</function>";
    private const string Parameter = "<parameter=";
    private const string ParameterEnd = "</parameter>";

    /// <summary><c>&lt;function=name&gt;</c> followed by a JSON object (Llama) or <c>&lt;parameter=…&gt;</c> elements (Qwen3-Coder).</summary>
    private static bool ReadFunction(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        if (ReadNameUntil(text, ref position, ">") is not { } name)
        {
            return false;
        }

        SkipWhitespace(text, ref position);
        string arguments;
        if (position < text.Length && text[position] == '{')
        {
            if (ReadJson(text, ref position) is not { } json)
            {
                return false;
            }

            arguments = json;
        }
        else if (ReadParameters(text, ref position, name, offered) is { } written)
        {
            arguments = written;
        }
        else
        {
            return false;
        }

        return AddCall((name, arguments), offered, found) && ConsumeClosing(text, ref position, FunctionEnd);
    }

    /// <summary>Qwen3-Coder's parameters: each value is the element's text, one newline either side trimmed.</summary>
    private static string? ReadParameters(string text, ref int position, string function, OfferedFunctions offered)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            while (true)
            {
                SkipWhitespace(text, ref position);
                if (!TryConsume(text, ref position, Parameter))
                {
                    break;
                }

                if (ReadNameUntil(text, ref position, ">") is not { } parameter)
                {
                    return null;
                }

                var close = text.IndexOf(ParameterEnd, position, StringComparison.Ordinal);
                if (close < 0)
                {
                    return null;
                }

                var value = TrimOneNewline(text.AsSpan(position, close - position));
                position = close + ParameterEnd.Length;
                writer.WritePropertyName(parameter);
                WriteParameterValue(writer, value, offered.IsStringParameter(function, parameter));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteParameterValue(Utf8JsonWriter writer, string value, bool isString)
    {
        if (!isString && value.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                document.RootElement.WriteTo(writer);
                return;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON: the value is text.
            }
        }

        writer.WriteStringValue(value);
    }
}
