using System;
using System.Collections.Generic;
using System.Globalization;
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

    /// <summary>The form fields sent before the file.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields(string modelId)
    {
        var fields = new List<KeyValuePair<string, string>>(8) { new("model", modelId) };
        Add("language", Language);
        Add("prompt", Prompt);
        Add("temperature", Temperature?.ToString("R", CultureInfo.InvariantCulture));
        fields.Add(new("response_format", AudioMediaTypes.WireName(Format)));
        if (Format == TranscriptionFormat.VerboseJson)
        {
            fields.Add(new("timestamp_granularities[]", "segment"));
            if (WordTimestamps)
            {
                fields.Add(new("timestamp_granularities[]", "word"));
            }
        }

        if (Stream)
        {
            fields.Add(new("stream", "true"));
        }

        return fields;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(new(name, value));
            }
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
}
