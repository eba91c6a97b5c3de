using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// The tool-call formats chat templates make models write, each read from its marker on:
/// <list type="bullet">
/// <item>Hermes/Qwen: <c>&lt;tool_call&gt;{"name": .., "arguments": {..}}&lt;/tool_call&gt;</c>, and Qwen3-Coder's
/// <c>&lt;tool_call&gt;&lt;function=name&gt;&lt;parameter=p&gt;value&lt;/parameter&gt;&lt;/function&gt;&lt;/tool_call&gt;</c>
/// (the wrapper optional; values are bare text, typed by the function's schema).</item>
/// <item>Llama 3.x: <c>&lt;function=name&gt;{..}&lt;/function&gt;</c>, and <c>&lt;|python_tag|&gt;{"name": .., "parameters": {..}}</c>
/// (several separated by <c>;</c>, ended by <c>&lt;|eom_id|&gt;</c> or <c>&lt;|eot_id|&gt;</c> when the server keeps them).</item>
/// <item>Mistral: <c>[TOOL_CALLS][{"name": .., "arguments": {..}}]</c> (v3 tokenizers) and <c>[TOOL_CALLS]name[ARGS]{..}</c>
/// (v11 and later, optionally <c>[CALL_ID]id</c> before <c>[ARGS]</c>), one marker per call.</item>
/// <item>DeepSeek V3/R1: <c>&lt;｜tool▁calls▁begin｜&gt;&lt;｜tool▁call▁begin｜&gt;function&lt;｜tool▁sep｜&gt;name</c> and the
/// arguments in a <c>json</c> code fence, then <c>&lt;｜tool▁call▁end｜&gt;</c> … <c>&lt;｜tool▁calls▁end｜&gt;</c>; V3.1 writes
/// <c>name&lt;｜tool▁sep｜&gt;{..}</c> instead. The bars are full-width (U+FF5C) and the spaces U+2581.</item>
/// <item>Granite 3.x: <c>&lt;|tool_call|&gt;[{"name": .., "arguments": {..}}]</c>.</item>
/// </list>
/// A block is taken only when every call in it names an offered function and has a JSON object for arguments;
/// otherwise it stays text. A closing tag may be missing at the very end of the answer (servers often stop on it).
/// Each format's reader is in a file of its own (<c>TextToolCallFormats.{Format}.cs</c>); this one finds the markers
/// and holds what the formats share.
/// </summary>
internal static partial class TextToolCallFormats
{
    private const string Hermes = "<tool_call>";
    private const string Function = "<function=";
    private const string Mistral = "[TOOL_CALLS]";
    private const string PythonTag = "<|python_tag|>";
    private const string Granite = "<|tool_call|>";
    private const string DeepSeekCallsBegin = "<｜tool▁calls▁begin｜>";

    /// <summary>Gets the markers that open a tool call anywhere in an answer. Each starts with <c>&lt;</c> or <c>[</c>:
    /// the response shaper lets streamed text without either through without looking further.</summary>
    public static string[] Markers { get; } = [Hermes, Function, Mistral, PythonTag, Granite, DeepSeekCallsBegin];

    /// <summary>Gets the length of the longest marker.</summary>
    public static int LongestMarker { get; } = Markers.Max(m => m.Length);

    /// <summary>Finds the first marker at or after <paramref name="from"/>.</summary>
    public static int IndexOfMarker(string text, int from, out string marker)
    {
        marker = string.Empty;
        var best = -1;
        foreach (var candidate in Markers)
        {
            var index = text.IndexOf(candidate, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
                marker = candidate;
            }
        }

        return best;
    }

    /// <summary>Reads the block that <paramref name="marker"/> opens at <paramref name="index"/>.</summary>
    /// <param name="text">The answer.</param>
    /// <param name="index">Where the marker starts.</param>
    /// <param name="marker">The marker found there.</param>
    /// <param name="offered">The functions the request offered.</param>
    /// <param name="calls">Where the block's calls are added (nothing is added when it is not taken).</param>
    /// <param name="end">The index just past the block.</param>
    /// <returns>True when the block is a valid tool call of offered functions.</returns>
    public static bool TryRead(string text, int index, string marker, OfferedFunctions offered, List<(string Name, string Arguments)> calls, out int end)
    {
        var found = new List<(string Name, string Arguments)>();
        var position = index + marker.Length;
        var ok = marker switch
        {
            Hermes => ReadHermes(text, ref position, offered, found),
            Function => ReadFunction(text, ref position, offered, found),
            Mistral => ReadMistral(text, ref position, offered, found),
            PythonTag => ReadPythonTag(text, ref position, offered, found),
            Granite => ReadJsonCallsAt(text, ref position, offered, found),
            DeepSeekCallsBegin => ReadDeepSeek(text, ref position, offered, found),
            _ => throw new ArgumentOutOfRangeException(nameof(marker), marker, "Not a tool-call marker."),
        };

        end = position;
        if (!ok || found.Count == 0)
        {
            return false;
        }

        calls.AddRange(found);
        return true;
    }

    /// <summary>Reads a JSON call object, or an array of them, that is the whole of <paramref name="json"/>.</summary>
    public static bool TryReadJsonCalls(string json, OfferedFunctions offered, List<(string Name, string Arguments)> calls)
    {
        var position = 0;
        var found = new List<(string Name, string Arguments)>();
        if (!ReadJsonCallsAt(json, ref position, offered, found) || !IsBlank(json, position))
        {
            return false;
        }

        calls.AddRange(found);
        return true;
    }

    /// <summary>A JSON call object or an array of them, starting at <paramref name="position"/>.</summary>
    private static bool ReadJsonCallsAt(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        SkipWhitespace(text, ref position);
        if (ReadJson(text, ref position) is not { } json)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return AddCall(ReadCall(root), offered, found);
            }

            foreach (var item in root.EnumerateArray())
            {
                if (!AddCall(ReadCall(item), offered, found))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static (string, string)? ReadCall(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadCall(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A call object: <c>name</c> and <c>arguments</c> (or <c>parameters</c>), arguments possibly a JSON string.</summary>
    private static (string, string)? ReadCall(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var hasArguments = element.TryGetProperty("arguments", out var arguments) || element.TryGetProperty("parameters", out arguments);
        var text = !hasArguments ? "{}"
            : arguments.ValueKind == JsonValueKind.String ? arguments.GetString()!
            : arguments.GetRawText();
        return (name.GetString()!, text);
    }

    /// <summary>Adds a call if it names an offered function and its arguments are a JSON object.</summary>
    private static bool AddCall((string Name, string Arguments)? call, OfferedFunctions offered, List<(string, string)> found)
    {
        if (call is not { } c || !offered.Contains(c.Name) || !IsJsonObject(c.Arguments))
        {
            return false;
        }

        found.Add((c.Name, c.Arguments.Trim().Length == 0 ? "{}" : c.Arguments));
        return true;
    }

    private static bool IsJsonObject(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads the JSON object or array that starts at <paramref name="position"/>, by matching brackets outside
    /// strings (the parse that follows validates it); null when none starts there or it never closes.</summary>
    private static string? ReadJson(string text, ref int position)
    {
        if (position >= text.Length || text[position] is not ('{' or '['))
        {
            return null;
        }

        var depth = 0;
        var inString = false;
        for (var i = position; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                var json = text[position..(i + 1)];
                position = i + 1;
                return json;
            }
        }

        return null;
    }

    /// <summary>A function or parameter name up to <paramref name="terminator"/>.</summary>
    private static string? ReadNameUntil(string text, ref int position, string terminator)
    {
        var end = text.IndexOf(terminator, position, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var name = text[position..end].Trim();
        position = end + terminator.Length;
        return IsName(name) ? name : null;
    }

    private static bool IsName(string name)
    {
        if (name.Length is 0 or > 256)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('_' or '-' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A closing tag, or nothing but whitespace left (the server stopped on the tag and did not send it).</summary>
    private static bool ConsumeClosing(string text, ref int position, string closing)
    {
        SkipWhitespace(text, ref position);
        return TryConsume(text, ref position, closing) || position == text.Length;
    }

    private static bool TryConsume(string text, ref int position, string literal)
    {
        if (text.Length - position < literal.Length || string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        position += literal.Length;
        return true;
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static bool IsBlank(string text, int position)
    {
        SkipWhitespace(text, ref position);
        return position == text.Length;
    }

    private static string TrimOneNewline(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("\n"))
        {
            value = value[1..];
        }

        if (value.EndsWith("\n"))
        {
            value = value[..^1];
        }

        return value.ToString();
    }
}
