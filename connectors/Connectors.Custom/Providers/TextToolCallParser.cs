using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Recognises tool calls that a local model wrote into its answer text because the server has no tool parser (the
/// formats are read by <see cref="TextToolCallFormats"/>), and an answer that is nothing but a JSON object (or array)
/// with <c>name</c> and <c>arguments</c> (or <c>parameters</c>), possibly in a code fence. Only names of functions the
/// request offered are accepted, so ordinary JSON answers and prose that quotes a format are left alone.
/// </summary>
internal static class TextToolCallParser
{
    /// <summary>Openings that only count at the very start of an answer: a bare JSON call, an array of calls, or a
    /// fenced one. Anywhere else they are ordinary text.</summary>
    private static readonly string[] LeadingOpenings = ["{", "[", "```"];

    /// <summary>
    /// Where streamed text must start being held back: the first place from which it could still turn out to be a
    /// tool call (a format's marker, a suffix that may be the start of one, or, at the start of the answer, anything
    /// that could open a bare JSON call). Text before it can be delivered now.
    /// </summary>
    /// <param name="text">The text not yet delivered.</param>
    /// <param name="atAnswerStart">Whether <paramref name="text"/> begins the answer.</param>
    /// <returns>An index into <paramref name="text"/>; its length when nothing needs holding.</returns>
    public static int HoldFrom(string text, bool atAnswerStart)
    {
        var start = text.Length - text.AsSpan().TrimStart().Length;
        if (atAnswerStart && (start == text.Length || StartsLike(text.AsSpan(start), LeadingOpenings)))
        {
            return 0;
        }

        var index = TextToolCallFormats.IndexOfMarker(text, 0, out _);
        var hold = index >= 0 ? index : PartialMarkerStart(text);
        return atAnswerStart && hold == start ? 0 : hold;
    }

    /// <summary>Whether held text starts with a complete opening, so everything up to the end must be held.</summary>
    /// <param name="held">The held text.</param>
    /// <param name="atAnswerStart">Whether it begins the answer.</param>
    /// <returns>True when the rest of the answer belongs to a possible tool call.</returns>
    public static bool IsCommitted(string held, bool atAnswerStart)
    {
        var trimmed = held.AsSpan().TrimStart();
        foreach (var marker in TextToolCallFormats.Markers)
        {
            if (trimmed.StartsWith(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return atAnswerStart && trimmed.Length > 0 && (trimmed[0] is '{' or '[' || trimmed.StartsWith("```", StringComparison.Ordinal));
    }

    /// <summary>Extracts the tool calls in <paramref name="text"/>.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="offeredFunctions">The names of the functions the request offered.</param>
    /// <param name="remainder">The text left once the calls are taken out (null when nothing is left).</param>
    /// <param name="schemas">The offered functions' parameter schemas, used to type arguments written as text
    /// (Qwen3-Coder's XML parameters); without one, a value that reads as JSON is taken as JSON.</param>
    /// <returns>The calls as (name, arguments JSON) pairs; empty when the text holds none.</returns>
    public static List<(string Name, string Arguments)> Extract(string text, ICollection<string> offeredFunctions, out string? remainder, IReadOnlyDictionary<string, JsonElement>? schemas = null)
    {
        var calls = new List<(string Name, string Arguments)>();
        remainder = text;
        if (offeredFunctions.Count == 0 || string.IsNullOrWhiteSpace(text))
        {
            return calls;
        }

        var offered = new OfferedFunctions(offeredFunctions, schemas);
        var rest = new StringBuilder(text.Length);
        var copiedTo = 0;
        var index = 0;
        while ((index = TextToolCallFormats.IndexOfMarker(text, index, out var marker)) >= 0)
        {
            if (TextToolCallFormats.TryRead(text, index, marker, offered, calls, out var end))
            {
                rest.Append(text, copiedTo, index - copiedTo);
                copiedTo = index = end;
            }
            else
            {
                index += marker.Length;
            }
        }

        if (calls.Count == 0)
        {
            // The whole answer is one call, or an array of calls, as JSON.
            var json = StripFence(text.Trim());
            if (json.Length > 0 && json[0] is '{' or '[' && TextToolCallFormats.TryReadJsonCalls(json, offered, calls) && calls.Count > 0)
            {
                remainder = null;
            }

            return calls;
        }

        rest.Append(text, copiedTo, text.Length - copiedTo);
        var left = rest.ToString().Trim();
        remainder = left.Length == 0 ? null : left;
        return calls;
    }

    /// <summary>The start of the longest suffix of <paramref name="text"/> that is a proper prefix of a marker.</summary>
    private static int PartialMarkerStart(string text)
    {
        for (var start = Math.Max(0, text.Length - TextToolCallFormats.LongestMarker); start < text.Length; start++)
        {
            var suffix = text.AsSpan(start);
            foreach (var marker in TextToolCallFormats.Markers)
            {
                if (marker.Length > suffix.Length && marker.AsSpan().StartsWith(suffix, StringComparison.Ordinal))
                {
                    return start;
                }
            }
        }

        return text.Length;
    }

    /// <summary>Whether <paramref name="text"/> starts with one of the openings, or is a prefix of one.</summary>
    private static bool StartsLike(ReadOnlySpan<char> text, string[] openings)
    {
        foreach (var opening in openings)
        {
            if (text.StartsWith(opening, StringComparison.Ordinal) || opening.AsSpan().StartsWith(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n');
        return firstLineEnd < 0 ? text : text[(firstLineEnd + 1)..^3].Trim();
    }
}
