using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Reads transcription answers: <c>text</c> (a plain body), <c>json</c> (<c>{"text", "usage"}</c>), <c>verbose_json</c>
/// (language, duration, segments, words), and the streamed events (<c>transcript.text.delta</c> / <c>.done</c>).
/// </summary>
/// <remarks>Usage comes in two shapes: <c>{"type":"duration","seconds":N}</c> (whisper, billed per minute) and
/// <c>{"input_tokens","output_tokens","total_tokens"}</c> (gpt-4o-transcribe, billed per token); both are read.</remarks>
internal static class TranscriptionParser
{
    /// <summary>Whether a successful body reports an error instead of a transcript (<c>{"error": ...}</c>).</summary>
    public static bool IsError(ReadOnlySpan<byte> body) => body.TrimStart(" \t\r\n"u8).StartsWith("{"u8) && body.IndexOf("\"error\""u8) >= 0 && body.IndexOf("\"text\""u8) < 0;

    /// <summary>Reads a whole answer.</summary>
    /// <exception cref="CustomProtocolException">A JSON answer is not valid JSON or has no <c>text</c>.</exception>
    public static Transcript Parse(ReadOnlyMemory<byte> body, bool plainText)
    {
        if (plainText)
        {
            return new Transcript(Encoding.UTF8.GetString(body.Span).TrimEnd('\r', '\n'), null, null, [], [], null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, "The transcription answer has no 'text'.");
            }

            var (usage, seconds) = ReadUsage(root);
            var duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(d.GetDouble()) : seconds;
            return new Transcript(
                text.GetString()!,
                root.TryGetProperty("language", out var language) && language.ValueKind == JsonValueKind.String ? language.GetString() : null,
                duration,
                ReadSegments(root),
                ReadWords(root),
                usage);
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"The transcription answer is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads one streamed event: a text delta, the final text, an error, or something to skip (null kind).</summary>
    /// <exception cref="CustomProtocolException">The event is not valid JSON.</exception>
    public static TranscriptEvent ParseEvent(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            if (root.TryGetProperty("error", out _))
            {
                return new TranscriptEvent(TranscriptEventKind.Error, null, null, null);
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "transcript.text.delta":
                    return new TranscriptEvent(TranscriptEventKind.Delta, root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.String ? delta.GetString() : null, null, null);
                case "transcript.text.done":
                    var (usage, seconds) = ReadUsage(root);
                    return new TranscriptEvent(TranscriptEventKind.Done, root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null, usage, seconds);
                case "error":
                    return new TranscriptEvent(TranscriptEventKind.Error, null, null, null);
                default:
                    return default;
            }
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"A transcription event is not valid JSON: {ex.Message}", ex);
        }
    }

    private static (UsageDetails? Usage, TimeSpan? Seconds) ReadUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        if (usage.TryGetProperty("seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number)
        {
            return (null, TimeSpan.FromSeconds(seconds.GetDouble()));
        }

        long? Read(string name) => usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : null;
        var input = Read("input_tokens");
        var output = Read("output_tokens");
        return input is null && output is null
            ? (null, null)
            : (new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = Read("total_tokens") ?? (input ?? 0) + (output ?? 0) }, null);
    }

    private static IReadOnlyList<CustomTranscriptSegment> ReadSegments(JsonElement root)
    {
        // Most answers have none: they share the empty array rather than each holding an empty list.
        if (!root.TryGetProperty("segments", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            return [];
        }

        var segments = new List<CustomTranscriptSegment>(array.GetArrayLength());
        foreach (var segment in array.EnumerateArray())
        {
            if (segment.ValueKind == JsonValueKind.Object)
            {
                segments.Add(new CustomTranscriptSegment(
                    segment.TryGetProperty("id", out var id) && id.TryGetInt32(out var number) ? number : segments.Count,
                    Seconds(segment, "start"),
                    Seconds(segment, "end"),
                    segment.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty));
            }
        }

        return segments;
    }

    private static IReadOnlyList<CustomTranscriptWord> ReadWords(JsonElement root)
    {
        // Most answers have none: they share the empty array rather than each holding an empty list.
        if (!root.TryGetProperty("words", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            return [];
        }

        var words = new List<CustomTranscriptWord>(array.GetArrayLength());
        foreach (var word in array.EnumerateArray())
        {
            if (word.ValueKind == JsonValueKind.Object && word.TryGetProperty("word", out var text) && text.ValueKind == JsonValueKind.String)
            {
                words.Add(new CustomTranscriptWord(text.GetString()!, Seconds(word, "start"), Seconds(word, "end")));
            }
        }

        return words;
    }

    private static TimeSpan Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(value.GetDouble()) : TimeSpan.Zero;
}

/// <summary>What one streamed transcription event says.</summary>
internal enum TranscriptEventKind
{
    /// <summary>An event this connector does not use (skipped).</summary>
    Other = 0,

    /// <summary><c>transcript.text.delta</c>: more text.</summary>
    Delta = 1,

    /// <summary><c>transcript.text.done</c>: the whole text, and usage.</summary>
    Done = 2,

    /// <summary>An error reported inside the stream.</summary>
    Error = 3,
}

/// <summary>One streamed transcription event.</summary>
internal readonly record struct TranscriptEvent(TranscriptEventKind Kind, string? Text, UsageDetails? Usage, TimeSpan? Duration);
