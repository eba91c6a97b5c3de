using System;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>One speech call's settings: the service's defaults overridden by the call's options, checked before
/// anything is sent.</summary>
internal sealed record SpeechRequest(string Input, string? ModelId, string Voice, SpeechFormat Format, float? Speed)
{
    /// <summary>Gets the media type of the audio asked for.</summary>
    public string MediaType => AudioMediaTypes.MediaType(Format);

    /// <exception cref="ArgumentException">The text is empty or too long, or an option is unsupported.</exception>
    public static SpeechRequest From(CustomTextToAudioOptions defaults, string text, TextToSpeechOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The text to speak is empty.", nameof(text));
        }

        if (text.Length > defaults.MaxInputCharacters)
        {
            throw new ArgumentException($"The text to speak has {text.Length} characters, more than the limit of {defaults.MaxInputCharacters} (MaxInputCharacters); split it.", nameof(text));
        }

        var format = options?.AudioFormat is { } requested ? AudioMediaTypes.ParseSpeechFormat(requested)
            : options?.AdditionalProperties?.TryGetValue(CustomAudioPropertyNames.ResponseFormat, out var extra) == true && extra is not null ? AudioMediaTypes.ParseSpeechFormat(extra)
            : defaults.ResponseFormat;
        var speed = options?.Speed ?? defaults.Speed;
        ValidateSpeed(speed, "speed");
        var voice = options?.VoiceId ?? defaults.Voice;
        if (string.IsNullOrWhiteSpace(voice))
        {
            throw new ArgumentException("The voice is empty.", "voice");
        }

        return new SpeechRequest(text, options?.ModelId, voice, format, speed);
    }

    /// <exception cref="ArgumentException">The speed is outside 0.25 to 4.0.</exception>
    public static void ValidateSpeed(float? speed, string name)
    {
        if (speed is { } value && (float.IsNaN(value) || value < CustomTextToAudioOptions.MinSpeed || value > CustomTextToAudioOptions.MaxSpeed))
        {
            throw new ArgumentException($"The speech speed must be between {CustomTextToAudioOptions.MinSpeed} and {CustomTextToAudioOptions.MaxSpeed}; got {value}.", name);
        }
    }

    /// <summary>Writes the JSON body.</summary>
    public void Write(Utf8JsonWriter writer, string modelId)
    {
        writer.WriteStartObject();
        writer.WriteString("model", modelId);
        writer.WriteString("input", Input);
        writer.WriteString("voice", Voice);
        writer.WriteString("response_format", AudioMediaTypes.WireName(Format));
        if (Speed is { } speed)
        {
            writer.WriteNumber("speed", speed);
        }

        writer.WriteEndObject();
    }
}
