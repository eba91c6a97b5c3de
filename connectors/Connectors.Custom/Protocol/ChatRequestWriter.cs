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
    public static void Write(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, CustomChatCompletionOptions settings)
    {
        var extra = options?.AdditionalProperties;
        var written = WrittenFields.None;

        writer.WriteStartObject();
        writer.WriteString("model", modelId);
        ChatMessageWriter.WriteMessages(writer, options?.Instructions, messages, settings.AuthorNames);

        if (stream)
        {
            writer.WriteBoolean("stream", true);
            if (settings.IncludeUsageInStream && !(extra?.ContainsKey("stream_options") ?? false))
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
        }

        if (options is not null)
        {
            written = WriteTypedOptions(writer, options);
        }

        if (extra is not null)
        {
            foreach (var entry in extra)
            {
                if (entry.Value is null || IsReserved(entry.Key, written))
                {
                    continue;
                }

                writer.WritePropertyName(entry.Key);
                JsonValueWriter.Write(writer, entry.Value);
            }
        }

        writer.WriteEndObject();
    }

    private static WrittenFields WriteTypedOptions(Utf8JsonWriter writer, ChatOptions options)
    {
        var written = WrittenFields.None;
        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
            written |= WrittenFields.Temperature;
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p", topP);
            written |= WrittenFields.TopP;
        }

        if (options.TopK is { } topK)
        {
            writer.WriteNumber("top_k", topK);
            written |= WrittenFields.TopK;
        }

        if (options.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber("max_tokens", maxTokens);
            written |= WrittenFields.MaxTokens;
        }

        if (options.FrequencyPenalty is { } frequencyPenalty)
        {
            writer.WriteNumber("frequency_penalty", frequencyPenalty);
            written |= WrittenFields.FrequencyPenalty;
        }

        if (options.PresencePenalty is { } presencePenalty)
        {
            writer.WriteNumber("presence_penalty", presencePenalty);
            written |= WrittenFields.PresencePenalty;
        }

        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
            written |= WrittenFields.Seed;
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop");
            foreach (var sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
            written |= WrittenFields.Stop;
        }

        if (ResponseFormatWriter.Write(writer, options.ResponseFormat))
        {
            written |= WrittenFields.ResponseFormat;
        }

        if (options.Reasoning?.Effort is { } effort)
        {
            writer.WriteString("reasoning_effort", ReasoningEffortName(effort));
            written |= WrittenFields.ReasoningEffort;
        }

        if (ToolsWriter.Write(writer, options))
        {
            written |= WrittenFields.Tools;
        }

        return written;
    }

    private static string ReasoningEffortName(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        ReasoningEffort.ExtraHigh => "xhigh",
        _ => effort.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether a pass-through key would duplicate a field the writer owns or already wrote.</summary>
    private static bool IsReserved(string key, WrittenFields written) => key switch
    {
        "model" or "messages" or "stream" => true,
        "temperature" => (written & WrittenFields.Temperature) != 0,
        "top_p" => (written & WrittenFields.TopP) != 0,
        "top_k" => (written & WrittenFields.TopK) != 0,
        "max_tokens" => (written & WrittenFields.MaxTokens) != 0,
        "frequency_penalty" => (written & WrittenFields.FrequencyPenalty) != 0,
        "presence_penalty" => (written & WrittenFields.PresencePenalty) != 0,
        "seed" => (written & WrittenFields.Seed) != 0,
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
