using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Maps Semantic Kernel's <see cref="PromptExecutionSettings"/> onto the Microsoft.Extensions.AI audio options
/// by explicit keys (<see cref="CustomAudioPropertyNames"/>), reading values that came from JSON as well.</summary>
internal static class AudioSettingsReader
{
    public static SpeechToTextOptions? ToSpeechToText(PromptExecutionSettings? settings)
    {
        if (settings is null)
        {
            return null;
        }

        var options = new SpeechToTextOptions { ModelId = settings.ModelId };
        foreach (var (key, raw) in settings.ExtensionData ?? new Dictionary<string, object>())
        {
            var value = Plain(raw);
            if (key == CustomAudioPropertyNames.Language)
            {
                options.SpeechLanguage = value as string ?? throw new ArgumentException($"The setting '{key}' must be a string.", nameof(settings));
            }
            else if (value is not null)
            {
                (options.AdditionalProperties ??= [])[key] = value;
            }
        }

        return options;
    }

    public static TextToSpeechOptions? ToTextToSpeech(PromptExecutionSettings? settings)
    {
        if (settings is null)
        {
            return null;
        }

        var options = new TextToSpeechOptions { ModelId = settings.ModelId };
        foreach (var (key, raw) in settings.ExtensionData ?? new Dictionary<string, object>())
        {
            var value = Plain(raw);
            switch (key)
            {
                case CustomAudioPropertyNames.Voice:
                    options.VoiceId = value as string ?? throw new ArgumentException($"The setting '{key}' must be a string.", nameof(settings));
                    break;
                case CustomAudioPropertyNames.ResponseFormat:
                    options.AudioFormat = value is SpeechFormat format ? AudioMediaTypes.WireName(format) : value as string ?? throw new ArgumentException($"The setting '{key}' must be a string.", nameof(settings));
                    break;
                case CustomAudioPropertyNames.Speed:
                    options.Speed = value switch
                    {
                        float single => single,
                        double number => (float)number,
                        decimal number => (float)number,
                        int number => number,
                        string text when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                        _ => throw new ArgumentException($"The setting '{key}' must be a number; got {value}.", nameof(settings)),
                    };
                    break;
                default:
                    if (value is not null)
                    {
                        (options.AdditionalProperties ??= [])[key] = value;
                    }

                    break;
            }
        }

        return options;
    }

    // Settings read from JSON (prompt templates, configuration) hold JsonElements.
    private static object? Plain(object? value) => value is JsonElement element
        ? element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        }
        : value;
}
