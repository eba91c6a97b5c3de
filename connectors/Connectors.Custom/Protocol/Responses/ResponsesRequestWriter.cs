using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes a <c>responses</c> request body from M.E.AI messages and options.</summary>
/// <remarks>
/// <para>Typed <see cref="ChatOptions"/> properties the Responses API defines are written under its names
/// (<c>instructions</c>, <c>max_output_tokens</c>, <c>text.format</c>, <c>reasoning.effort</c>, flat function tools);
/// <c>stop</c>, <c>seed</c>, <c>top_k</c> and the penalties are not part of it and are not sent (OpenAI rejects them).
/// Every entry of <see cref="ChatOptions.AdditionalProperties"/> is then passed through unchanged, as on chat
/// completions, except keys already written and null values.</para>
/// </remarks>
internal static class ResponsesRequestWriter
{
    /// <summary>What one request continues: the stored response it follows and the first message not in it.</summary>
    /// <param name="PreviousResponseId">The response to continue, or null to send the whole conversation.</param>
    /// <param name="From">The first message to send.</param>
    public readonly record struct Continuation(string? PreviousResponseId, int From);

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, bool store, Continuation continuation, CustomQuirkProfile quirks)
    {
        var extra = options?.AdditionalProperties;
        writer.WriteStartObject();
        writer.WriteString("model", modelId);
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            writer.WriteString("instructions", options.Instructions);
        }

        ResponsesInputWriter.Write(writer, messages, continuation.From, quirks);
        if (continuation.PreviousResponseId is { } previous)
        {
            writer.WriteString("previous_response_id", previous);
        }

        writer.WriteBoolean("store", store);
        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        var written = options is null ? Written.None : WriteTypedOptions(writer, options, quirks);
        if (extra is not null)
        {
            foreach (var entry in extra)
            {
                if (entry.Value is null || IsReserved(entry.Key, written) || quirks.DroppedParameters.Contains(entry.Key))
                {
                    continue;
                }

                writer.WritePropertyName(entry.Key);
                JsonValueWriter.Write(writer, entry.Value);
            }
        }

        writer.WriteEndObject();
    }

    private static Written WriteTypedOptions(Utf8JsonWriter writer, ChatOptions options, CustomQuirkProfile quirks)
    {
        var dropped = quirks.DroppedParameters;
        var written = Written.None;
        if (options.Temperature is { } temperature && !dropped.Contains("temperature"))
        {
            writer.WriteNumber("temperature", temperature);
            written |= Written.Temperature;
        }

        if (options.TopP is { } topP && !dropped.Contains("top_p"))
        {
            writer.WriteNumber("top_p", topP);
            written |= Written.TopP;
        }

        if (options.MaxOutputTokens is { } maxTokens && !dropped.Contains("max_output_tokens"))
        {
            writer.WriteNumber("max_output_tokens", maxTokens);
            written |= Written.MaxOutputTokens;
        }

        if (!dropped.Contains("text") && ResponseFormatWriter.WriteTextFormat(writer, options.ResponseFormat))
        {
            written |= Written.Text;
        }

        if (options.Reasoning?.Effort is { } effort && !dropped.Contains("reasoning"))
        {
            writer.WriteStartObject("reasoning");
            writer.WriteString("effort", ChatRequestWriter.ReasoningEffortName(effort));
            writer.WriteEndObject();
            written |= Written.Reasoning;
        }

        if (!dropped.Contains("tools") && ToolsWriter.Write(writer, options, quirks, responsesShape: true))
        {
            written |= Written.Tools;
        }

        return written;
    }

    /// <summary>Whether a pass-through key would duplicate a field the writer owns or already wrote.</summary>
    private static bool IsReserved(string key, Written written) => key switch
    {
        "model" or "input" or "instructions" or "stream" or "store" or "previous_response_id" => true,
        "temperature" => (written & Written.Temperature) != 0,
        "top_p" => (written & Written.TopP) != 0,
        "max_output_tokens" => (written & Written.MaxOutputTokens) != 0,
        "text" => (written & Written.Text) != 0,
        "reasoning" => (written & Written.Reasoning) != 0,
        "tools" or "tool_choice" or "parallel_tool_calls" => (written & Written.Tools) != 0,
        _ => false,
    };

    [System.Flags]
    private enum Written
    {
        None = 0,
        Temperature = 1 << 0,
        TopP = 1 << 1,
        MaxOutputTokens = 1 << 2,
        Text = 1 << 3,
        Reasoning = 1 << 4,
        Tools = 1 << 5,
    }
}
