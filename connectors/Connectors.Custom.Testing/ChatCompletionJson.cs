using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>The bodies of chat completions answers, whole and as stream chunks, in a <see cref="WireStyle"/>.</summary>
internal static class ChatCompletionJson
{
    private static readonly byte[] s_blankLines = "\n\n"u8.ToArray();

    public static byte[] Completion(ChatAnswer answer)
    {
        var body = WireJson.Write(answer, static (writer, a) =>
        {
            var style = a.Style;
            var reply = a.Reply;
            writer.WriteStartObject();
            WriteHeader(writer, a, "chat.completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            if (a.Calls.Count == 0)
            {
                writer.WriteString("content", reply.Text);
            }
            else if (style.ToolCallContent == ToolCallContent.Null)
            {
                writer.WriteNull("content");
            }
            else if (style.ToolCallContent == ToolCallContent.Empty)
            {
                writer.WriteString("content", string.Empty);
            }

            if (style.ReasoningField is { } field && !string.IsNullOrEmpty(reply.Reasoning))
            {
                writer.WriteString(field, reply.Reasoning);
            }

            if (style.Refusal)
            {
                writer.WriteNull("refusal");
            }

            if (a.Calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                for (var i = 0; i < a.Calls.Count; i++)
                {
                    var call = a.Calls[i];
                    var whole = style.ToolDeltas != ToolDeltaStyle.WholeWithoutIndexOrType;
                    WriteToolCall(writer, new ToolDelta(style.IndexInMessageToolCalls ? i : null, call.Id, whole ? "function" : null, call.Name, call.Arguments));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", reply.FinishReason);
            WriteChoiceExtras(writer, style, reply.FinishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, "usage", a.Usage, style);
            if (style.GroqExtras)
            {
                writer.WriteNull("usage_breakdown");
                writer.WriteStartObject("x_groq");
                writer.WriteString("id", a.RequestId);
                writer.WriteEndObject();
                writer.WriteString("service_tier", "on_demand");
            }

            if (style.Timings)
            {
                WriteTimings(writer, a.Usage);
            }

            writer.WriteEndObject();
        });

        return WithLeadingBlankLines(answer, body);
    }

    /// <summary>One chunk with one choice (or none), holding what <paramref name="spec"/> says.</summary>
    public static byte[] Chunk(ChatAnswer answer, ChunkSpec spec) => WireJson.Write((answer, spec), static (writer, s) =>
    {
        var (a, c) = s;
        var style = a.Style;
        writer.WriteStartObject();
        WriteHeader(writer, a, "chat.completion.chunk");
        if (c.XGroq || c.XGroqUsage is not null)
        {
            writer.WriteStartObject("x_groq");
            writer.WriteString("id", a.RequestId);
            if (c.XGroqUsage is { } groqUsage)
            {
                WriteUsage(writer, "usage", groqUsage, style);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("choices");
        if (!c.NoChoices)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (c.Role is not null)
            {
                writer.WriteString("role", c.Role);
            }

            if (c.HasContent)
            {
                WriteNullableString(writer, "content", c.Content);
            }

            if (c.HasReasoning && style.ReasoningField is { } field)
            {
                WriteNullableString(writer, field, c.Reasoning);
            }

            if (c.ToolCalls is { } calls)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    WriteToolCall(writer, call);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            WriteNullableString(writer, "finish_reason", c.FinishReason);
            WriteChoiceExtras(writer, style, c.FinishReason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (c.Error is { } error)
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", "server_error");
            writer.WriteString("message", error);
            writer.WriteEndObject();
        }

        if (c.Usage is { } usage)
        {
            WriteUsage(writer, "usage", usage, style);
        }
        else if (c.WriteNullUsage)
        {
            writer.WriteNull("usage");
        }

        if (c.Timings is { } timings)
        {
            WriteTimings(writer, timings);
        }

        writer.WriteEndObject();
    });

    /// <summary>DeepSeek writes blank lines before a non-streamed body while the request waits in its queue.</summary>
    private static byte[] WithLeadingBlankLines(ChatAnswer answer, byte[] body) =>
        answer.Style.LeadingBlankLines ? [.. s_blankLines, .. body] : body;

    private static void WriteHeader(Utf8JsonWriter writer, ChatAnswer answer, string type)
    {
        writer.WriteString("id", answer.Identity.Id);
        writer.WriteString("object", type);
        writer.WriteNumber("created", answer.Identity.Created);
        writer.WriteString("model", answer.Identity.Model);
        if (answer.Style.Fingerprint is { } fingerprint)
        {
            writer.WriteString("system_fingerprint", fingerprint);
        }

        if (answer.Style.Provider is { } provider)
        {
            writer.WriteString("provider", provider);
        }
    }

    private static void WriteChoiceExtras(Utf8JsonWriter writer, WireStyle style, string? finishReason)
    {
        if (style.Provider is not null)
        {
            WriteNullableString(writer, "native_finish_reason", finishReason);
        }

        if (style.StopReason)
        {
            writer.WriteNull("stop_reason");
        }
    }

    private static void WriteToolCall(Utf8JsonWriter writer, ToolDelta call)
    {
        writer.WriteStartObject();
        if (call.Index is { } index)
        {
            writer.WriteNumber("index", index);
        }

        if (call.Id is { } id)
        {
            writer.WriteString("id", id);
        }

        if (call.Type is { } type)
        {
            writer.WriteString("type", type);
        }

        if (call.Name is not null || call.Arguments is not null)
        {
            writer.WriteStartObject("function");
            if (call.Name is { } name)
            {
                writer.WriteString("name", name);
            }

            if (call.Arguments is { } arguments)
            {
                writer.WriteString("arguments", arguments);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Usage in the profile's shape: OpenAI's three counts, reasoning tokens when there are any, and the
    /// profile's extras (DeepSeek's cache fields, Groq's timings, OpenRouter's cost).</summary>
    private static void WriteUsage(Utf8JsonWriter writer, string name, TokenUsage usage, WireStyle style)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        if (style.CacheUsageFields)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("prompt_cache_hit_tokens", 0);
            writer.WriteNumber("prompt_cache_miss_tokens", usage.PromptTokens);
        }

        if (usage.ReasoningTokens > 0)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
            writer.WriteEndObject();
        }

        if (style.GroqExtras)
        {
            // Groq's timing fields are floats in seconds; fixed values keep answers reproducible.
            writer.WriteNumber("queue_time", 0.0125);
            writer.WriteNumber("prompt_time", 0.0025);
            writer.WriteNumber("completion_time", 0.05);
            writer.WriteNumber("total_time", 0.0525);
        }

        if (style.UsageCost)
        {
            writer.WriteNumber("cost", 0);
        }

        writer.WriteEndObject();
    }

    /// <summary>llama.cpp's <c>timings</c>: token counts from the usage, at a fixed 1 ms per prompt token and 10 ms
    /// per generated one, so answers stay reproducible.</summary>
    private static void WriteTimings(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("timings");
        writer.WriteNumber("cache_n", 0);
        writer.WriteNumber("prompt_n", usage.PromptTokens);
        writer.WriteNumber("prompt_ms", usage.PromptTokens * 1.0);
        writer.WriteNumber("prompt_per_token_ms", 1.0);
        writer.WriteNumber("prompt_per_second", 1000.0);
        writer.WriteNumber("predicted_n", usage.CompletionTokens);
        writer.WriteNumber("predicted_ms", usage.CompletionTokens * 10.0);
        writer.WriteNumber("predicted_per_token_ms", 10.0);
        writer.WriteNumber("predicted_per_second", 100.0);
        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
