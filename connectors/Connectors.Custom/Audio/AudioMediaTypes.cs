using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;

namespace Connectors.Custom;

/// <summary>
/// The audio types transcription servers accept (OpenAI's list: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm), told
/// from a file name, a media type, or the first bytes of the audio; and the wire names and media types of the formats
/// speech servers produce.
/// </summary>
internal static class AudioMediaTypes
{
    /// <summary>How many leading bytes are kept: what <see cref="Sniff"/> needs, and a canonical WAV header (whose byte
    /// rate gives the duration of audio the server did not time).</summary>
    public const int HeadLength = 44;

    private static readonly FrozenDictionary<string, string> s_byExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["flac"] = "audio/flac",
        ["mp3"] = "audio/mpeg",
        ["mpeg"] = "audio/mpeg",
        ["mpga"] = "audio/mpeg",
        ["mp4"] = "audio/mp4",
        ["m4a"] = "audio/mp4",
        ["ogg"] = "audio/ogg",
        ["oga"] = "audio/ogg",
        ["opus"] = "audio/ogg",
        ["wav"] = "audio/wav",
        ["webm"] = "audio/webm",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> s_extensionByMediaType = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["audio/flac"] = "flac",
        ["audio/x-flac"] = "flac",
        ["audio/mpeg"] = "mp3",
        ["audio/mp3"] = "mp3",
        ["audio/mpga"] = "mp3",
        ["audio/mp4"] = "m4a",
        ["audio/m4a"] = "m4a",
        ["audio/x-m4a"] = "m4a",
        ["video/mp4"] = "mp4",
        ["audio/ogg"] = "ogg",
        ["audio/opus"] = "ogg",
        ["audio/wav"] = "wav",
        ["audio/wave"] = "wav",
        ["audio/x-wav"] = "wav",
        ["audio/vnd.wave"] = "wav",
        ["audio/webm"] = "webm",
        ["video/webm"] = "webm",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // The name an upload without one is sent under, made once per type rather than once per call.
    private static readonly FrozenDictionary<string, string> s_defaultFileNames =
        s_byExtension.Keys.ToFrozenDictionary(extension => extension, extension => "audio." + extension, StringComparer.OrdinalIgnoreCase);

    /// <summary>The accepted file extensions, for messages.</summary>
    public static string SupportedExtensions => "flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, opus, wav, webm";

    /// <summary>Tells the audio's type: from its file name when given, else its media type, else its first bytes.</summary>
    /// <returns>The file name to upload under and its media type.</returns>
    /// <exception cref="ArgumentException">The type is not one transcription servers accept, or cannot be told.</exception>
    public static (string FileName, string MediaType) Resolve(string? fileName, string? mediaType, ReadOnlySpan<byte> head)
    {
        if (!string.IsNullOrWhiteSpace(fileName))
        {
            var extension = Path.GetExtension(fileName).TrimStart('.');
            return s_byExtension.TryGetValue(extension, out var type)
                ? (Path.GetFileName(fileName), type)
                : throw new ArgumentException($"The audio file '{Path.GetFileName(fileName)}' is not of a type transcription servers accept (by its extension '{extension}'); accepted: {SupportedExtensions}.", "audio");
        }

        if (!string.IsNullOrWhiteSpace(mediaType))
        {
            var bare = mediaType.Split(';')[0].Trim();
            return s_extensionByMediaType.TryGetValue(bare, out var known)
                ? (s_defaultFileNames[known], s_byExtension[known])
                : throw new ArgumentException($"The audio's media type '{bare}' is not one transcription servers accept; accepted: {SupportedExtensions}.", "audio");
        }

        var sniffed = Sniff(head) ?? throw new ArgumentException(
            $"The audio's type could not be told from its first bytes and no file name or media type was given (set '{CustomAudioPropertyNames.FileName}'); accepted: {SupportedExtensions}.", "audio");
        return (s_defaultFileNames[sniffed], s_byExtension[sniffed]);
    }

    /// <summary>Recognises the common containers by their magic numbers; null when none matches.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return "wav";
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("fLaC"u8))
        {
            return "flac";
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("OggS"u8))
        {
            return "ogg";
        }

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "m4a";
        }

        if (head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3)
        {
            return "webm";
        }

        // An ID3 tag, or an MPEG audio frame sync (11 set bits).
        return (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
            ? "mp3"
            : null;
    }

    /// <summary>The wire name of a speech format.</summary>
    public static string WireName(SpeechFormat format) => format switch
    {
        SpeechFormat.Mp3 => "mp3",
        SpeechFormat.Wav => "wav",
        SpeechFormat.Opus => "opus",
        SpeechFormat.Flac => "flac",
        SpeechFormat.Pcm => "pcm",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown speech format."),
    };

    /// <summary>The media type of audio in a speech format.</summary>
    public static string MediaType(SpeechFormat format) => format switch
    {
        SpeechFormat.Mp3 => "audio/mpeg",
        SpeechFormat.Wav => "audio/wav",
        SpeechFormat.Opus => "audio/ogg",
        SpeechFormat.Flac => "audio/flac",
        SpeechFormat.Pcm => "audio/pcm",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown speech format."),
    };

    /// <summary>Reads a speech format from an enum value, its wire name or a media type.</summary>
    /// <exception cref="ArgumentException">The value names no supported format.</exception>
    public static SpeechFormat ParseSpeechFormat(object value) => value switch
    {
        SpeechFormat format when Enum.IsDefined(format) => format,
        string text => text.Trim().ToLowerInvariant() switch
        {
            "mp3" or "audio/mpeg" or "audio/mp3" => SpeechFormat.Mp3,
            "wav" or "audio/wav" or "audio/wave" or "audio/x-wav" => SpeechFormat.Wav,
            "opus" or "audio/ogg" or "audio/opus" => SpeechFormat.Opus,
            "flac" or "audio/flac" => SpeechFormat.Flac,
            "pcm" or "audio/pcm" or "audio/l16" => SpeechFormat.Pcm,
            _ => throw UnknownSpeechFormat(text),
        },
        _ => throw UnknownSpeechFormat(value),
    };

    /// <summary>Reads a transcription format from an enum value or its wire name.</summary>
    /// <exception cref="ArgumentException">The value names no supported format.</exception>
    public static TranscriptionFormat ParseTranscriptionFormat(object value) => value switch
    {
        TranscriptionFormat format when Enum.IsDefined(format) => format,
        string text => text.Trim().ToLowerInvariant() switch
        {
            "json" => TranscriptionFormat.Json,
            "text" => TranscriptionFormat.Text,
            "verbose_json" or "verbosejson" => TranscriptionFormat.VerboseJson,
            _ => throw new ArgumentException($"'{text}' is not a transcription format this connector reads; use json, text or verbose_json (srt and vtt are subtitles, not transcripts).", CustomAudioPropertyNames.ResponseFormat),
        },
        _ => throw new ArgumentException($"'{value}' is not a transcription format; use json, text or verbose_json.", CustomAudioPropertyNames.ResponseFormat),
    };

    /// <summary>The wire name of a transcription format.</summary>
    public static string WireName(TranscriptionFormat format) => format switch
    {
        TranscriptionFormat.Json => "json",
        TranscriptionFormat.Text => "text",
        TranscriptionFormat.VerboseJson => "verbose_json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown transcription format."),
    };

    private static ArgumentException UnknownSpeechFormat(object? value) =>
        new($"'{value}' is not an audio format speech servers produce; use mp3, wav, opus, flac or pcm.", CustomAudioPropertyNames.ResponseFormat);
}
