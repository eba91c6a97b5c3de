using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connectors.Custom;

/// <summary>
/// Recognises tool calls that a local model wrote into its answer text because the server has no tool parser, in the
/// common formats: Hermes/Qwen <c>&lt;tool_call&gt;{"name":..,"arguments":..}&lt;/tool_call&gt;</c>, Llama
/// <c>&lt;function=name&gt;{..}&lt;/function&gt;</c>, and an answer that is nothing but a JSON object (or array) with
/// <c>name</c> and <c>arguments</c> (or <c>parameters</c>), possibly in a code fence. Only names of functions the
/// request offered are accepted, so ordinary JSON answers are left alone.
/// </summary>
internal static partial class TextToolCallParser
{
    /// <summary>The length of the longest opening marker (<c>&lt;tool_call&gt;</c>): more of the start decides nothing.</summary>
    private const int LongestMarker = 11;

    /// <summary>See <see cref="MayStartToolCall(StringBuilder)"/>.</summary>
    private const int MaxLeadingWhitespace = 4096;

    /// <summary>Whether streamed text so far could still turn out to be a tool call, so it should be held back.</summary>
    public static bool MayStartToolCall(string textSoFar)
    {
        var trimmed = textSoFar.TrimStart();
        if (trimmed.Length == 0)
        {
            return true;
        }

        foreach (var marker in (ReadOnlySpan<string>)["<tool_call>", "<function=", "{", "[", "```"])
        {
            if (trimmed.StartsWith(marker, StringComparison.Ordinal) || marker.StartsWith(trimmed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether held text could still turn out to be a tool call, reading only its start: a streamed answer is
    /// checked after every chunk, and copying all of it each time made a long held answer quadratic.</summary>
    /// <remarks>Leading whitespace beyond <see cref="MaxLeadingWhitespace"/> characters means ordinary text: no format
    /// starts that way, and scanning it on every chunk would be quadratic again.</remarks>
    public static bool MayStartToolCall(StringBuilder textSoFar)
    {
        var head = new StringBuilder();
        var skipped = 0;
        foreach (var chunk in textSoFar.GetChunks())
        {
            var span = chunk.Span;
            if (head.Length == 0)
            {
                var trimmed = span.TrimStart();
                skipped += span.Length - trimmed.Length;
                span = trimmed;
                if (skipped > MaxLeadingWhitespace)
                {
                    return false;
                }
            }

            head.Append(span[..Math.Min(span.Length, LongestMarker - head.Length)]);
            if (head.Length == LongestMarker)
            {
                break;
            }
        }

        return MayStartToolCall(head.ToString());
    }

    /// <summary>Extracts the tool calls in <paramref name="text"/>.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="offeredFunctions">The names of the functions the request offered.</param>
    /// <param name="remainder">The text left once the calls are taken out (null when nothing is left).</param>
    /// <returns>The calls as (name, arguments JSON) pairs; empty when the text holds none.</returns>
    public static List<(string Name, string Arguments)> Extract(string text, ISet<string> offeredFunctions, out string? remainder)
    {
        var calls = new List<(string Name, string Arguments)>();
        remainder = text;
        if (offeredFunctions.Count == 0 || string.IsNullOrWhiteSpace(text))
        {
            return calls;
        }

        var rest = new StringBuilder(text);
        foreach (var pattern in new[] { HermesPattern(), LlamaPattern() })
        {
            var matches = pattern.Matches(rest.ToString());
            for (var i = matches.Count - 1; i >= 0; i--)
            {
                var match = matches[i];
                var parsed = match.Groups["name"].Success
                    ? (match.Groups["name"].Value, match.Groups["body"].Value.Trim())
                    : ReadNamedObject(match.Groups["body"].Value);
                if (parsed is { } call && offeredFunctions.Contains(call.Item1) && IsJsonObject(call.Item2))
                {
                    calls.Insert(0, call);
                    rest.Remove(match.Index, match.Length);
                }
            }
        }

        if (calls.Count == 0)
        {
            // The whole answer is one call, or an array of calls, as JSON.
            var json = StripFence(text.Trim());
            foreach (var candidate in ReadJsonCalls(json))
            {
                if (!offeredFunctions.Contains(candidate.Name))
                {
                    return [];
                }

                calls.Add(candidate);
            }

            if (calls.Count > 0)
            {
                remainder = null;
            }

            return calls;
        }

        var left = rest.ToString().Trim();
        remainder = left.Length == 0 ? null : left;
        return calls;
    }

    private static IEnumerable<(string Name, string Arguments)> ReadJsonCalls(string json)
    {
        if (json.Length == 0 || (json[0] != '{' && json[0] != '['))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var items = new List<(string, string)>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (ReadCall(item) is not { } call)
                    {
                        return [];
                    }

                    items.Add(call);
                }
            }
            else if (ReadCall(root) is { } single)
            {
                items.Add(single);
            }

            return items;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name or arguments string holding an escaped lone surrogate (found by fuzzing).
            return [];
        }
    }

    private static (string, string)? ReadNamedObject(string json)
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

    private static (string Name, string Arguments)? ReadCall(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        JsonElement arguments = default;
        var hasArguments = element.TryGetProperty("arguments", out arguments) || element.TryGetProperty("parameters", out arguments);
        var text = !hasArguments ? "{}"
            : arguments.ValueKind == JsonValueKind.String ? arguments.GetString()!
            : arguments.GetRawText();
        return (name.GetString()!, text);
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
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

    // NonBacktracking: matching time stays linear in the answer's length. With backtracking, an answer full of opening
    // tags that never close made every tag scan to the end (quadratic; found by the fuzz command's scale pass).
    [GeneratedRegex(@"<tool_call>\s*(?<body>\{.*?\})\s*</tool_call>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex HermesPattern();

    [GeneratedRegex(@"<function=(?<name>[A-Za-z0-9_\-\.]+)>\s*(?<body>\{.*?\})\s*</function>", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex LlamaPattern();
}
