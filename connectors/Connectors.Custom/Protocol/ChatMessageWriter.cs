using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes M.E.AI <see cref="ChatMessage"/>s as the protocol's <c>messages</c> array.</summary>
/// <remarks>
/// Tool results become one <c>role:"tool"</c> message each (the protocol has no multi-result message). Text-only
/// messages are sent with string <c>content</c>, which every server accepts (Groq rejects content arrays on
/// non-user roles); arrays of parts are used only when a message carries images, audio or files. Reasoning from
/// earlier turns is not replayed: DeepSeek's reasoner rejects it and no provider requires it outside a tool loop.
/// </remarks>
internal static class ChatMessageWriter
{
    public static void WriteMessages(Utf8JsonWriter writer, string? instructions, IEnumerable<ChatMessage> messages, AuthorNamePolicy namePolicy, CustomQuirkProfile quirks)
    {
        writer.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", instructions);
            writer.WriteEndObject();
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];

        // Reasoning is replayed (where the provider wants it) only within the current tool loop: the assistant turns
        // after the last user message.
        var replayFrom = list.Count;
        if (quirks.ReasoningReplay != ReasoningReplay.None)
        {
            replayFrom = 0;
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i]?.Role == ChatRole.User)
                {
                    replayFrom = i + 1;
                    break;
                }
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i] ?? throw new ArgumentException($"The message list contains a null message at position {i}.", nameof(messages));
            WriteMessage(writer, message, namePolicy, quirks, replayReasoning: i >= replayFrom);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, AuthorNamePolicy namePolicy, CustomQuirkProfile quirks, bool replayReasoning)
    {
        var role = message.Role.Value;
        if (role == "developer" && quirks.MapDeveloperToSystem)
        {
            role = "system";
        }

        var shape = MessageShape.Of(message);

        // Results of tool calls travel as separate tool messages, whatever role M.E.AI put them under.
        foreach (var content in message.Contents)
        {
            if (content is FunctionResultContent result)
            {
                WriteToolResult(writer, result, quirks);
            }
        }

        if (!shape.HasSendableContent && (shape.ResultCount > 0 || (shape.OnlyReasoning && !replayReasoning)))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", role);
        WriteName(writer, message, role, namePolicy);

        if (shape.NeedsParts)
        {
            writer.WriteStartArray("content");
            foreach (var content in message.Contents)
            {
                ContentPartWriter.Write(writer, content);
            }

            writer.WriteEndArray();
        }
        else if (shape.TextCount > 0 || shape.CallCount == 0)
        {
            // Text-only (or empty) messages use plain string content; an assistant turn with only tool calls omits it.
            writer.WriteString("content", shape.TextCount == 1 ? shape.SingleText : JoinText(message));
        }

        if (shape.CallCount > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    WriteToolCall(writer, call, quirks);
                }
            }

            writer.WriteEndArray();
        }

        if (replayReasoning && role == "assistant" && ReasoningText(message) is { } reasoning)
        {
            writer.WriteString(quirks.ReasoningReplay == ReasoningReplay.ReasoningInToolLoop ? "reasoning" : "reasoning_content", reasoning);
        }

        writer.WriteEndObject();
    }

    /// <summary>An error an earlier step reported stays visible to the model as text.</summary>
    internal static string ErrorText(ErrorContent error) => $"Error: {error.Message}";

    private static string JoinText(ChatMessage message)
    {
        var text = new System.Text.StringBuilder();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent part:
                    text.Append(part.Text);
                    break;
                case ErrorContent error:
                    text.Append(ErrorText(error));
                    break;
            }
        }

        return text.ToString();
    }

    private static void WriteName(Utf8JsonWriter writer, ChatMessage message, string role, AuthorNamePolicy namePolicy)
    {
        var name = message.AuthorName;
        if (string.IsNullOrWhiteSpace(name) || namePolicy == AuthorNamePolicy.Never)
        {
            return;
        }

        if (namePolicy == AuthorNamePolicy.UserMessagesOnly && role != "user")
        {
            return;
        }

        writer.WriteString("name", AuthorNames.Sanitize(name));
    }

    private static string? ReasoningText(ChatMessage message)
    {
        string? text = null;
        foreach (var content in message.Contents)
        {
            if (content is TextReasoningContent reasoning)
            {
                text = JsonReading.Concat(text, reasoning.Text);
            }
        }

        return text;
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, CustomQuirkProfile quirks)
    {
        writer.WriteStartObject();
        writer.WriteString("id", ToolCallIds.Format(call.CallId, quirks.ToolCallIdFormat));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments is null ? "{}" : JsonValueWriter.ToContentString(call.Arguments));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, CustomQuirkProfile quirks)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", ToolCallIds.Format(result.CallId, quirks.ToolCallIdFormat));
        writer.WriteString("content", JsonValueWriter.ToContentString(result.Result));
        writer.WriteEndObject();
    }

    /// <summary>What a message holds, counted once so the writer can choose the wire form.</summary>
    private readonly record struct MessageShape(int TextCount, string? SingleText, int CallCount, int ResultCount, int PartCount, int ReasoningCount)
    {
        public bool NeedsParts => PartCount > 0;

        public bool HasSendableContent => TextCount > 0 || CallCount > 0 || PartCount > 0;

        public bool OnlyReasoning => ReasoningCount > 0 && !HasSendableContent;

        public static MessageShape Of(ChatMessage message)
        {
            int texts = 0, calls = 0, results = 0, parts = 0, reasoning = 0;
            string? single = null;
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        texts++;
                        single = text.Text;
                        break;
                    case FunctionCallContent:
                        calls++;
                        break;
                    case FunctionResultContent:
                        results++;
                        break;
                    case TextReasoningContent:
                        reasoning++;
                        break;
                    case DataContent or UriContent:
                        parts++;
                        break;
                    case ErrorContent error:
                        texts++;
                        single = ErrorText(error);
                        break;
                    default:
                        // Usage, approval requests and responses, hosted files and other bookkeeping that agent
                        // frameworks keep in a conversation have no place in the protocol's messages.
                        break;
                }
            }

            return new MessageShape(texts, single, calls, results, parts, reasoning);
        }
    }
}
