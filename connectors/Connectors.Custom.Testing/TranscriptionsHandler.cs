using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c>: reads the multipart upload and answers with scripted text for known audio —
/// a WAV this server spoke (its text is in the file), or audio listed in <see cref="LocalServerOptions.Transcripts"/>
/// by the SHA-256 of its bytes — and says plainly that it does not know any other audio. Answers in <c>json</c>,
/// <c>text</c> or <c>verbose_json</c> (segments by sentence, words when asked, times spread over the duration), or as
/// <c>transcript.text.delta</c> / <c>transcript.text.done</c> events when asked to stream.
/// </summary>
internal sealed class TranscriptionsHandler(LocalServerOptions options) : IEndpointHandler
{
    private static readonly string[] s_extensions = ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "opus", "wav", "webm"];

    public string Method => HttpMethods.Post;

    public string Path => "/v1/audio/transcriptions";

    public EndpointRead Read(RecordedRequest request)
    {
        request.Headers.TryGetValue("Content-Type", out var contentType);
        if (!MultipartForm.TryRead(contentType, request.Content, out var form, out var error))
        {
            return EndpointRead.Invalid(error!);
        }

        var model = form!["model"];
        if (string.IsNullOrEmpty(model))
        {
            return EndpointRead.Invalid("'model' is required.");
        }

        if (form.FileName is null || form.File.IsEmpty)
        {
            return EndpointRead.Invalid("'file' is required and must not be empty.");
        }

        var extension = System.IO.Path.GetExtension(form.FileName).TrimStart('.').ToLowerInvariant();
        if (!s_extensions.Contains(extension))
        {
            return EndpointRead.Invalid($"Invalid file format '{extension}'. Supported formats: {string.Join(", ", s_extensions)}.");
        }

        var format = form["response_format"] ?? "json";
        if (format is not ("json" or "text" or "verbose_json"))
        {
            return EndpointRead.Invalid($"This local server answers 'json', 'text' or 'verbose_json'; got '{format}'.");
        }

        var transcript = Transcribe(form.File.Span, form["language"]);
        var words = form.All("timestamp_granularities[]").Contains("word");
        var stream = string.Equals(form["stream"], "true", StringComparison.OrdinalIgnoreCase);
        return EndpointRead.Answer(new EndpointCall(model, Faultable: true, ServedAs.Transcription, answer =>
            stream ? answer.WriteEventsAsync(TranscriptionJson.Events(transcript))
            : format == "text" ? answer.WriteBodyAsync(StatusCodes.Status200OK, "text/plain", System.Text.Encoding.UTF8.GetBytes(transcript.Text + "\n"))
            : answer.WriteJsonAsync(StatusCodes.Status200OK, format == "json" ? TranscriptionJson.Simple(transcript) : TranscriptionJson.Verbose(transcript, words))));
    }

    private LocalTranscript Transcribe(ReadOnlySpan<byte> audio, string? language)
    {
        var isWav = SpokenWav.TryRead(audio, out var duration, out var spoken);
        var hash = Convert.ToHexString(SHA256.HashData(audio)).ToLowerInvariant();
        var text = spoken
            ?? (options.Transcripts.TryGetValue(hash, out var scripted) ? scripted
            : $"(unknown audio: {audio.Length} bytes, sha256 {hash[..12]}; this local server transcribes only audio it spoke or was given a transcript for)");

        // Without a WAV header there is nothing to time the audio by: a stand-in of one second per 16 KB.
        return new LocalTranscript(text, language ?? "en", isWav ? duration : TimeSpan.FromSeconds(Math.Max(1, audio.Length / 16384)));
    }
}

/// <summary>What the local server "heard".</summary>
internal sealed record LocalTranscript(string Text, string Language, TimeSpan Duration);

/// <summary>The transcription answers' JSON.</summary>
internal static class TranscriptionJson
{
    public static byte[] Simple(LocalTranscript transcript) => WireJson.Write(transcript, static (writer, t) =>
    {
        writer.WriteStartObject();
        writer.WriteString("text", t.Text);
        WriteUsage(writer, t);
        writer.WriteEndObject();
    });

    public static byte[] Verbose(LocalTranscript transcript, bool words) => WireJson.Write((transcript, words), static (writer, s) =>
    {
        var t = s.transcript;
        writer.WriteStartObject();
        writer.WriteString("task", "transcribe");
        writer.WriteString("language", t.Language);
        writer.WriteNumber("duration", Math.Round(t.Duration.TotalSeconds, 3));
        writer.WriteString("text", t.Text);
        writer.WriteStartArray("segments");
        var id = 0;
        foreach (var (text, start, end) in Spread(t, Sentences(t.Text)))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id++);
            writer.WriteNumber("start", start);
            writer.WriteNumber("end", end);
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (s.words)
        {
            writer.WriteStartArray("words");
            foreach (var (text, start, end) in Spread(t, t.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                writer.WriteStartObject();
                writer.WriteString("word", text);
                writer.WriteNumber("start", start);
                writer.WriteNumber("end", end);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteUsage(writer, t);
        writer.WriteEndObject();
    });

    /// <summary>One delta per word, then the whole text; half of them before a fault breaks the stream.</summary>
    public static EventStream Events(LocalTranscript transcript)
    {
        var events = new List<StreamEvent>();
        var words = transcript.Text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var delta = i + 1 < words.Length ? words[i] + " " : words[i];
            events.Add(StreamEvent.Data(WireJson.Write(delta, static (writer, d) =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "transcript.text.delta");
                writer.WriteString("delta", d);
                writer.WriteEndObject();
            })));
        }

        events.Add(StreamEvent.Data(WireJson.Write(transcript, static (writer, t) =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "transcript.text.done");
            writer.WriteString("text", t.Text);
            WriteUsage(writer, t);
            writer.WriteEndObject();
        })));
        return new EventStream(events, Math.Max(1, events.Count / 2), EndsWithDone: false);
    }

    private static void WriteUsage(Utf8JsonWriter writer, LocalTranscript transcript)
    {
        writer.WriteStartObject("usage");
        writer.WriteString("type", "duration");
        writer.WriteNumber("seconds", Math.Ceiling(transcript.Duration.TotalSeconds));
        writer.WriteEndObject();
    }

    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                sentences.Add(text[start..(i + 1)].Trim());
                start = i + 1;
            }
        }

        if (start < text.Length && text[start..].Trim() is { Length: > 0 } rest)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    /// <summary>Times each piece by its share of the characters.</summary>
    private static IEnumerable<(string Text, double Start, double End)> Spread(LocalTranscript transcript, IReadOnlyList<string> pieces)
    {
        var total = Math.Max(1, pieces.Sum(p => p.Length));
        var seconds = transcript.Duration.TotalSeconds;
        var done = 0;
        foreach (var piece in pieces)
        {
            var start = Math.Round(seconds * done / total, 3);
            done += piece.Length;
            yield return (piece, start, Math.Round(seconds * done / total, 3));
        }
    }
}
