using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes a <c>chat/completions</c> request body from M.E.AI messages and options.</summary>
/// <remarks>
/// Typed <see cref="ChatOptions"/> properties are written under their OpenAI names; every entry of
/// <see cref="ChatOptions.AdditionalProperties"/> is then passed through unchanged (provider parameters such as
/// <c>top_k</c>, <c>repetition_penalty</c>, <c>min_p</c>, <c>chat_template_kwargs</c>), except keys already written
/// from a typed property, and null values (strict servers such as Mistral reject explicit nulls).
/// No <c>tools</c> or <c>tool_choice</c> is written when no function is offered: models without tool support reject them.
/// </remarks>
internal static class ChatRequestWriter
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, CustomChatCompletionOptions settings, CustomQuirkProfile quirks)
    {
        var extra = options?.AdditionalProperties;
        var written = WrittenFields.None;

        writer.WriteStartObject();
        writer.WriteString("model", modelId);
        var names = quirks.DroppedParameters.Contains("name") ? AuthorNamePolicy.Never : settings.AuthorNames;
        ChatMessageWriter.WriteMessages(writer, options?.Instructions, messages, names, quirks);

        if (stream)
        {
            writer.WriteBoolean("stream", true);
            if (settings.IncludeUsageInStream && quirks.SupportsStreamOptions && !(extra?.ContainsKey("stream_options") ?? false))
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
        }

        if (options is not null)
        {
            written = WriteTypedOptions(writer, options, quirks);
        }

        if (extra is not null)
        {
            foreach (var entry in extra)
            {
                if (entry.Value is null || IsReserved(entry.Key, written) || quirks.DroppedParameters.Contains(entry.Key) || (entry.Key == "stream_options" && !quirks.SupportsStreamOptions))
                {
                    continue;
                }

                if (entry.Key == "n")
                {
                    EnsureSingleChoice(entry.Value);
                }

                writer.WritePropertyName(entry.Key);
                JsonValueWriter.Write(writer, entry.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Refuses <c>n</c> other than 1: only a response's first choice is read, so the other answers would be paid for
    /// and lost, or in a stream interleaved into the first.
    /// </summary>
    private static void EnsureSingleChoice(object value)
    {
        var single = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } element => element.TryGetDouble(out var n) && n == 1,
            string => false,
            IConvertible number => Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture) == 1,
            _ => false,
        };
        if (!single)
        {
            throw new NotSupportedException($"The request parameter 'n' is {value}; only n = 1 is supported because only the first choice of a response is read. Send one request per answer instead.");
        }
    }

    private static WrittenFields WriteTypedOptions(Utf8JsonWriter writer, ChatOptions options, CustomQuirkProfile quirks)
    {
        // Fields the provider rejects are never written; marking them written also keeps pass-through copies out.
        var written = WrittenFields.None;
        foreach (var dropped in quirks.DroppedParameters)
        {
            written |= FieldOf(dropped);
        }

        var skip = written;
        if (options.Temperature is { } temperature && (skip & WrittenFields.Temperature) == 0)
        {
            writer.WriteNumber("temperature", temperature);
            written |= WrittenFields.Temperature;
        }

        if (options.TopP is { } topP && (skip & WrittenFields.TopP) == 0)
        {
            writer.WriteNumber("top_p", topP);
            written |= WrittenFields.TopP;
        }

        if (options.TopK is { } topK && (skip & WrittenFields.TopK) == 0)
        {
            writer.WriteNumber("top_k", topK);
            written |= WrittenFields.TopK;
        }

        if (options.MaxOutputTokens is { } maxTokens && (skip & WrittenFields.MaxTokens) == 0)
        {
            writer.WriteNumber(quirks.MaxTokensParameter == MaxTokensParameter.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens", maxTokens);
            written |= WrittenFields.MaxTokens;
        }

        if (options.FrequencyPenalty is { } frequencyPenalty && (skip & WrittenFields.FrequencyPenalty) == 0)
        {
            writer.WriteNumber("frequency_penalty", frequencyPenalty);
            written |= WrittenFields.FrequencyPenalty;
        }

        if (options.PresencePenalty is { } presencePenalty && (skip & WrittenFields.PresencePenalty) == 0)
        {
            writer.WriteNumber("presence_penalty", presencePenalty);
            written |= WrittenFields.PresencePenalty;
        }

        if (options.Seed is { } seed && (skip & WrittenFields.Seed) == 0)
        {
            writer.WriteNumber(quirks.SeedParameter, seed);
            written |= WrittenFields.Seed;
        }

        if (options.StopSequences is { Count: > 0 } stop && (skip & WrittenFields.Stop) == 0)
        {
            writer.WriteStartArray("stop");
            foreach (var sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
            written |= WrittenFields.Stop;
        }

        if ((skip & WrittenFields.ResponseFormat) == 0 && ResponseFormatWriter.Write(writer, options.ResponseFormat))
        {
            written |= WrittenFields.ResponseFormat;
        }

        if (options.Reasoning?.Effort is { } effort && (skip & WrittenFields.ReasoningEffort) == 0)
        {
            writer.WriteString("reasoning_effort", ReasoningEffortName(effort));
            written |= WrittenFields.ReasoningEffort;
        }

        if ((skip & WrittenFields.Tools) == 0 && ToolsWriter.Write(writer, options, quirks))
        {
            written |= WrittenFields.Tools;
        }

        return written;
    }

    internal static string ReasoningEffortName(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        ReasoningEffort.ExtraHigh => "xhigh",
        _ => effort.ToString().ToLowerInvariant(),
    };

    private static WrittenFields FieldOf(string name) => name switch
    {
        "temperature" => WrittenFields.Temperature,
        "top_p" => WrittenFields.TopP,
        "top_k" => WrittenFields.TopK,
        "max_tokens" or "max_completion_tokens" => WrittenFields.MaxTokens,
        "frequency_penalty" => WrittenFields.FrequencyPenalty,
        "presence_penalty" => WrittenFields.PresencePenalty,
        "seed" or "random_seed" => WrittenFields.Seed,
        "stop" => WrittenFields.Stop,
        "response_format" => WrittenFields.ResponseFormat,
        "reasoning_effort" => WrittenFields.ReasoningEffort,
        "tools" => WrittenFields.Tools,
        _ => WrittenFields.None,
    };

    /// <summary>Whether a pass-through key would duplicate a field the writer owns or already wrote.</summary>
    private static bool IsReserved(string key, WrittenFields written) => key switch
    {
        "model" or "messages" or "stream" => true,
        "temperature" => (written & WrittenFields.Temperature) != 0,
        "top_p" => (written & WrittenFields.TopP) != 0,
        "top_k" => (written & WrittenFields.TopK) != 0,
        "max_tokens" or "max_completion_tokens" => (written & WrittenFields.MaxTokens) != 0,
        "frequency_penalty" => (written & WrittenFields.FrequencyPenalty) != 0,
        "presence_penalty" => (written & WrittenFields.PresencePenalty) != 0,
        "seed" or "random_seed" => (written & WrittenFields.Seed) != 0,
        "stop" => (written & WrittenFields.Stop) != 0,
        "response_format" => (written & WrittenFields.ResponseFormat) != 0,
        "reasoning_effort" => (written & WrittenFields.ReasoningEffort) != 0,
        "tools" or "tool_choice" or "parallel_tool_calls" => (written & WrittenFields.Tools) != 0,
        _ => false,
    };

    [Flags]
    private enum WrittenFields
    {
        None = 0,
        Temperature = 1 << 0,
        TopP = 1 << 1,
        TopK = 1 << 2,
        MaxTokens = 1 << 3,
        FrequencyPenalty = 1 << 4,
        PresencePenalty = 1 << 5,
        Seed = 1 << 6,
        Stop = 1 << 7,
        ResponseFormat = 1 << 8,
        ReasoningEffort = 1 << 9,
        Tools = 1 << 10,
    }
}
