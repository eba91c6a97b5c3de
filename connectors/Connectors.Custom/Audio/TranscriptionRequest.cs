using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>One transcription call's settings: the service's defaults overridden by the call's options, checked
/// before anything is sent.</summary>
internal sealed record TranscriptionRequest(string? ModelId, string? Language, string? Prompt, float? Temperature, TranscriptionFormat Format, bool WordTimestamps, bool Stream, string? FileName)
{
    /// <summary>Reads a call's options over the service's settings.</summary>
    /// <exception cref="ArgumentException">A per-call setting has the wrong type or an unsupported value.</exception>
    public static TranscriptionRequest From(CustomAudioToTextOptions defaults, SpeechToTextOptions? options, bool stream)
    {
        var extra = options?.AdditionalProperties;
        var format = extra?.TryGetValue(CustomAudioPropertyNames.ResponseFormat, out var f) == true && f is not null
            ? AudioMediaTypes.ParseTranscriptionFormat(f)
            : defaults.ResponseFormat;
        var temperature = extra?.TryGetValue(CustomAudioPropertyNames.Temperature, out var t) == true && t is not null
            ? ReadTemperature(t)
            : defaults.Temperature;
        return new TranscriptionRequest(
            options?.ModelId,
            options?.SpeechLanguage ?? defaults.Language,
            ReadString(extra, CustomAudioPropertyNames.Prompt) ?? defaults.Prompt,
            temperature,
            format,
            defaults.WordTimestamps,
            stream && defaults.StreamTranscription,
            ReadString(extra, CustomAudioPropertyNames.FileName));
    }

    /// <summary>The most form fields a transcription sends: model, language, prompt, temperature, response format, two
    /// timestamp granularities and stream.</summary>
    public const int MaxFields = 8;

    /// <summary>Writes the form fields sent before the file into <paramref name="fields"/> (room for
    /// <see cref="MaxFields"/>; see <see cref="FieldBuffer"/>), so an upload attempt needs no array for them.</summary>
    /// <returns>How many fields were written.</returns>
    public int Fields(string modelId, Span<KeyValuePair<string, string>> fields)
    {
        var next = 0;
        fields[next++] = new("model", modelId);
        next = Add(fields, next, "language", Language);
        next = Add(fields, next, "prompt", Prompt);
        next = Add(fields, next, "temperature", Temperature?.ToString("R", CultureInfo.InvariantCulture));
        fields[next++] = new("response_format", AudioMediaTypes.WireName(Format));
        if (Format == TranscriptionFormat.VerboseJson)
        {
            fields[next++] = new("timestamp_granularities[]", "segment");
            if (WordTimestamps)
            {
                fields[next++] = new("timestamp_granularities[]", "word");
            }
        }

        if (Stream)
        {
            fields[next++] = new("stream", "true");
        }

        return next;

        static int Add(Span<KeyValuePair<string, string>> fields, int next, string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return next;
            }

            fields[next] = new(name, value);
            return next + 1;
        }
    }

    private static string? ReadString(AdditionalPropertiesDictionary? extra, string key) =>
        extra?.TryGetValue(key, out var value) != true || value is null ? null
        : value as string ?? throw new ArgumentException($"The option '{key}' must be a string; got {value.GetType().Name}.", key);

    private static float ReadTemperature(object value)
    {
        var temperature = value switch
        {
            float single => single,
            double number => (float)number,
            decimal number => (float)number,
            int number => number,
            string text when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new ArgumentException($"The option '{CustomAudioPropertyNames.Temperature}' must be a number; got {value}.", CustomAudioPropertyNames.Temperature),
        };
        return temperature is >= 0 and <= 1
            ? temperature
            : throw new ArgumentException($"The option '{CustomAudioPropertyNames.Temperature}' must be between 0 and 1; got {temperature}.", CustomAudioPropertyNames.Temperature);
    }

    /// <summary>Room on the stack for <see cref="MaxFields"/> form fields.</summary>
    [InlineArray(MaxFields)]
    internal struct FieldBuffer
    {
        private KeyValuePair<string, string> _first;
    }
}
