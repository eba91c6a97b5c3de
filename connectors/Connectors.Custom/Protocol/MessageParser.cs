using System;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads a choice's <c>message</c> or <c>delta</c> object into a <see cref="ChatCompletionPayload"/>.</summary>
internal static class MessageParser
{
    private const string AssistantRole = "assistant";

    public static void Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                ReadContent(ref reader, payload);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                // xAI sometimes sends role "" and Ollama repeats it on every chunk: keep the first real one.
                payload.Role = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("assistant"u8)
                    ? AssistantRole
                    : JsonReading.ReadString(ref reader) is { Length: > 0 } role ? role : payload.Role;
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                payload.ReasoningContent = JsonReading.Concat(payload.ReasoningContent, JsonReading.ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                payload.ReasoningField = JsonReading.Concat(payload.ReasoningField, JsonReading.ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ToolCallParser.ReadArray(ref reader, json, payload.ToolCalls);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                // The legacy single-function form (LocalAI with `functions`): one call without id or index.
                reader.Read();
                ToolCallParser.ReadLegacyFunctionCall(ref reader, json, payload.ToolCalls);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                payload.Refusal = JsonReading.ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads <c>content</c>: a string, null, or an array of typed blocks (text and thinking).</summary>
    private static void ReadContent(ref Utf8JsonReader reader, ChatCompletionPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            payload.Content = JsonReading.Concat(payload.Content, JsonReading.ReadString(ref reader));
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                payload.Content = JsonReading.Concat(payload.Content, reader.GetString());
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            ReadContentBlock(ref reader, payload);
        }
    }

    /// <summary>Reads <c>{"type":"text","text":..}</c> or Mistral's <c>{"type":"thinking","thinking":[..]}</c>;
    /// the fields may come in any order, so the block's type is applied once the object ends.</summary>
    private static void ReadContentBlock(ref Utf8JsonReader reader, ChatCompletionPayload payload)
    {
        string? text = null;
        string? thinking = null;
        var isThinking = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isThinking = reader.TokenType == JsonTokenType.String
                    && (reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("reasoning"u8));
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = JsonReading.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                thinking = ReadThinking(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isThinking)
        {
            payload.ThinkingBlocks = JsonReading.Concat(payload.ThinkingBlocks, JsonReading.Concat(thinking, text));
        }
        else
        {
            payload.Content = JsonReading.Concat(payload.Content, text);
        }
    }

    /// <summary>Thinking is a string, or an array of text blocks (Mistral Magistral).</summary>
    private static string? ReadThinking(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return JsonReading.ReadString(ref reader);
        }

        string? result = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                result = JsonReading.Concat(result, reader.GetString());
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isText = reader.ValueTextEquals("text"u8);
                    reader.Read();
                    if (isText)
                    {
                        result = JsonReading.Concat(result, JsonReading.ReadString(ref reader));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }
}
