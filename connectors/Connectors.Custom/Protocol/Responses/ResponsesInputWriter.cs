using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes M.E.AI <see cref="ChatMessage"/>s as the Responses API's <c>input</c> items.</summary>
/// <remarks>
/// <para>Text-only messages are written with string <c>content</c> (the "easy" input message every server accepts);
/// parts (<c>input_text</c>, <c>input_image</c>, <c>input_file</c>) only when a message carries images or files.
/// Function calls and their results are items of their own (<c>function_call</c>, <c>function_call_output</c>),
/// in the order they appear.</para>
/// <para>Reasoning is replayed as <c>reasoning</c> items only on assistant turns after the last user message (the
/// current tool loop), with its <c>encrypted_content</c> when the server sent one: OpenAI's reasoning models need
/// it to continue a tool loop without stored state, and reasoning from finished turns only costs tokens.</para>
/// </remarks>
internal static class ResponsesInputWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, int from, CustomQuirkProfile quirks)
    {
        var replayFrom = 0;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i]?.Role == ChatRole.User)
            {
                replayFrom = i + 1;
                break;
            }
        }

        writer.WriteStartArray("input");
        for (var i = from; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException($"The message list contains a null message at position {i}.", nameof(messages));
            WriteMessage(writer, message, quirks, replayReasoning: i >= replayFrom);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, CustomQuirkProfile quirks, bool replayReasoning)
    {
        var role = message.Role.Value;
        if (role == "developer" && quirks.MapDeveloperToSystem)
        {
            role = "system";
        }

        if (replayReasoning && message.Role == ChatRole.Assistant)
        {
            WriteReasoningItems(writer, message);
        }

        WriteContentMessage(writer, message, role == "tool" ? "user" : role);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    writer.WriteStartObject();
                    writer.WriteString("type", "function_call");
                    writer.WriteString("call_id", ToolCallIds.Format(call.CallId, quirks.ToolCallIdFormat));
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", call.Arguments is null ? "{}" : JsonValueWriter.ToContentString(call.Arguments));
                    writer.WriteEndObject();
                    break;
                case FunctionResultContent result:
                    writer.WriteStartObject();
                    writer.WriteString("type", "function_call_output");
                    writer.WriteString("call_id", ToolCallIds.Format(result.CallId, quirks.ToolCallIdFormat));
                    writer.WriteString("output", JsonValueWriter.ToContentString(result.Result));
                    writer.WriteEndObject();
                    break;
            }
        }
    }

    /// <summary>Writes the message item for the text and media of a message, if it has any.</summary>
    private static void WriteContentMessage(Utf8JsonWriter writer, ChatMessage message, string role)
    {
        StringBuilder? text = null;
        string? single = null;
        var texts = 0;
        var media = false;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent part:
                    single = part.Text;
                    (text ??= new()).Append(part.Text);
                    texts++;
                    break;
                case ErrorContent error:
                    single = ChatMessageWriter.ErrorText(error);
                    (text ??= new()).Append(single);
                    texts++;
                    break;
                case DataContent or UriContent:
                    media = true;
                    break;
            }
        }

        if (texts == 0 && !media)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", role);
        if (!media)
        {
            writer.WriteString("content", texts == 1 ? single : text!.ToString());
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var content in message.Contents)
            {
                WritePart(writer, content);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                WriteInputText(writer, text.Text);
                break;
            case ErrorContent error:
                WriteInputText(writer, ChatMessageWriter.ErrorText(error));
                break;
            case DataContent data when data.HasTopLevelMediaType("image"):
                WriteInputImage(writer, data.Uri);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image"):
                WriteInputImage(writer, uri.Uri.ToString());
                break;
            case DataContent data when data.HasTopLevelMediaType("audio"):
                throw new NotSupportedException($"Audio input ({data.MediaType}) cannot be sent over the Responses API, which has no audio input part; use ChatApi.ChatCompletions for audio.");
            case DataContent data:
                writer.WriteStartObject();
                writer.WriteString("type", "input_file");
                writer.WriteString("file_data", data.Uri);
                if (data.Name is not null)
                {
                    writer.WriteString("filename", data.Name);
                }

                writer.WriteEndObject();
                break;
            case UriContent uri:
                throw new NotSupportedException($"Content at '{uri.Uri}' with media type '{uri.MediaType}' cannot be sent by URL; only images can. Send the bytes as DataContent instead.");
        }
    }

    private static void WriteInputText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "input_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static void WriteInputImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "input_image");
        writer.WriteString("image_url", url);
        writer.WriteEndObject();
    }

    /// <summary>Writes a message's reasoning as <c>reasoning</c> items: one item (all the text, and the one
    /// <c>encrypted_content</c> if there is one) unless the message holds several encrypted items, which stay apart
    /// because each is the server's own state. A streamed answer keeps its text and its encrypted content on separate
    /// contents, so they are joined here again.</summary>
    private static void WriteReasoningItems(Utf8JsonWriter writer, ChatMessage message)
    {
        string? text = null;
        TextReasoningContent? encrypted = null;
        var encryptedCount = 0;
        foreach (var content in message.Contents)
        {
            if (content is TextReasoningContent reasoning)
            {
                text = JsonReading.Concat(text, NullIfEmpty(reasoning.Text));
                if (!string.IsNullOrEmpty(reasoning.ProtectedData))
                {
                    encrypted = reasoning;
                    encryptedCount++;
                }
            }
        }

        if (encryptedCount <= 1)
        {
            WriteReasoning(writer, text, encrypted);
            return;
        }

        foreach (var content in message.Contents)
        {
            if (content is TextReasoningContent reasoning)
            {
                WriteReasoning(writer, NullIfEmpty(reasoning.Text), string.IsNullOrEmpty(reasoning.ProtectedData) ? null : reasoning);
            }
        }
    }

    private static void WriteReasoning(Utf8JsonWriter writer, string? text, TextReasoningContent? encrypted)
    {
        if (text is null && encrypted is null)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "reasoning");

        // The server's item id travels with its encrypted content (OpenAI asks for both when nothing is stored).
        if (encrypted?.AdditionalProperties?.TryGetValue(CustomMetadataKeys.Id, out var id) == true && id is string itemId)
        {
            writer.WriteString("id", itemId);
        }

        writer.WriteStartArray("summary");
        if (text is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "summary_text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (encrypted is not null)
        {
            writer.WriteString("encrypted_content", encrypted.ProtectedData);
        }

        writer.WriteEndObject();
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
