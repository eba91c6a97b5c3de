using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Custom;

/// <summary>Maps loosely-typed settings (prompt YAML/JSON, other connectors) onto <see cref="CustomPromptExecutionSettings"/>.</summary>
/// <remarks>An explicit mapping, key by key, rather than a JSON round trip: values come as <see cref="JsonElement"/>
/// from prompt files and as CLR primitives from code, and each is converted with a message naming the key when it
/// does not fit.</remarks>
internal static class ExecutionSettingsReader
{
    /// <summary>Options for reading other connectors' settings classes through reflection.</summary>
    public static readonly JsonSerializerOptions ForeignSettingsOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static bool IsKnownKey(string key) => key.ToLowerInvariant() switch
    {
        "temperature" or "top_p" or "max_tokens" or "stop" or "stop_sequences" or "seed" or "presence_penalty"
            or "frequency_penalty" or "response_format" or "user" or "reasoning_effort" or "parallel_tool_calls"
            or "chat_system_prompt" => true,
        _ => false,
    };

    public static void Apply(IDictionary<string, object> values, CustomPromptExecutionSettings target)
    {
        Dictionary<string, object>? passThrough = null;
        foreach (var (key, value) in values)
        {
            if (value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
            {
                continue;
            }

            switch (key.ToLowerInvariant())
            {
                case "temperature":
                    target.Temperature = ToDouble(key, value);
                    break;
                case "top_p":
                    target.TopP = ToDouble(key, value);
                    break;
                case "max_tokens":
                    target.MaxTokens = checked((int)ToInt64(key, value));
                    break;
                case "stop":
                case "stop_sequences":
                    target.StopSequences = ToStringList(key, value);
                    break;
                case "seed":
                    target.Seed = ToInt64(key, value);
                    break;
                case "presence_penalty":
                    target.PresencePenalty = ToDouble(key, value);
                    break;
                case "frequency_penalty":
                    target.FrequencyPenalty = ToDouble(key, value);
                    break;
                case "response_format":
                    target.ResponseFormat = value;
                    break;
                case "user":
                    target.User = ToText(key, value);
                    break;
                case "reasoning_effort":
                    target.ReasoningEffort = ToText(key, value);
                    break;
                case "parallel_tool_calls":
                    target.ParallelToolCalls = ToBoolean(key, value);
                    break;
                case "chat_system_prompt":
                    target.ChatSystemPrompt = ToText(key, value);
                    break;
                default:
                    (passThrough ??= new(StringComparer.Ordinal))[key] = value;
                    break;
            }
        }

        target.ExtensionData = passThrough;
    }

    private static double ToDouble(string key, object value) => value switch
    {
        double d => d,
        float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        int i => i,
        long l => l,
        decimal m => (double)m,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } e when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw WrongType(key, value, "a number"),
    };

    private static long ToInt64(string key, object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        double d when d == Math.Floor(d) => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.String } e when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw WrongType(key, value, "a whole number"),
    };

    private static bool ToBoolean(string key, object value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var parsed) => parsed,
        _ => throw WrongType(key, value, "true or false"),
    };

    private static string ToText(string key, object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        _ => throw WrongType(key, value, "a string"),
    };

    private static List<string> ToStringList(string key, object value)
    {
        switch (value)
        {
            case string single:
                return [single];
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return [element.GetString()!];
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                var fromJson = new List<string>();
                foreach (var item in array.EnumerateArray())
                {
                    fromJson.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw WrongType(key, value, "a list of strings"));
                }

                return fromJson;
            case IEnumerable sequence:
                var list = new List<string>();
                foreach (var item in sequence)
                {
                    list.Add(item as string ?? (item is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString()! : throw WrongType(key, value, "a list of strings")));
                }

                return list;
            default:
                throw WrongType(key, value, "a list of strings");
        }
    }

    private static ArgumentException WrongType(string key, object value, string expected)
    {
        var shown = value is JsonElement element ? element.GetRawText() : Convert.ToString(value, CultureInfo.InvariantCulture);
        return new ArgumentException($"The execution setting '{key}' must be {expected}; got {shown}.", nameof(value));
    }
}
