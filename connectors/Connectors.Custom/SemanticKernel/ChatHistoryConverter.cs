using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SK = Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Converts a Semantic Kernel <see cref="ChatHistory"/> into M.E.AI messages.</summary>
/// <remarks>
/// Written here rather than taken from SK's experimental <c>ToChatMessage</c> because that drops the plugin name
/// of function calls built with one (the model would then see a name it was never offered) and drops reasoning.
/// Function names are joined as <c>Plugin_Function</c>, the form SK's kernel functions are offered under.
/// </remarks>
internal static class ChatHistoryConverter
{
    public static List<ChatMessage> ToChatMessages(ChatHistory chatHistory)
    {
        var messages = new List<ChatMessage>(chatHistory.Count);
        foreach (var message in chatHistory)
        {
            messages.Add(ToChatMessage(message));
        }

        return messages;
    }

    private static ChatMessage ToChatMessage(ChatMessageContent message)
    {
        var contents = new List<AIContent>(message.Items.Count);
        foreach (var item in message.Items)
        {
            if (ToAIContent(item) is { } content)
            {
                contents.Add(content);
            }
        }

        return new ChatMessage(new ChatRole(message.Role.Label), contents) { AuthorName = message.AuthorName };
    }

    private static AIContent? ToAIContent(KernelContent item) => item switch
    {
        SK.TextContent text => new Microsoft.Extensions.AI.TextContent(text.Text),
        SK.ReasoningContent reasoning => new TextReasoningContent(reasoning.Text),
        SK.ImageContent image => ToMedia(image.Data, image.DataUri, image.Uri, image.MimeType, "image/*"),
        SK.AudioContent audio => ToMedia(audio.Data, audio.DataUri, audio.Uri, audio.MimeType, "audio/*"),
        SK.BinaryContent binary => ToMedia(binary.Data, binary.DataUri, binary.Uri, binary.MimeType, "application/octet-stream"),
        SK.FunctionCallContent call => new Microsoft.Extensions.AI.FunctionCallContent(
            call.Id ?? string.Empty,
            QualifiedName(call.PluginName, call.FunctionName),
            call.Arguments is null ? null : new Dictionary<string, object?>(call.Arguments)),
        SK.FunctionResultContent result => new Microsoft.Extensions.AI.FunctionResultContent(result.CallId ?? string.Empty, result.Result),
        _ => throw new NotSupportedException($"Chat history content of type {item.GetType().Name} cannot be sent to an OpenAI-compatible chat endpoint."),
    };

    private static AIContent ToMedia(ReadOnlyMemory<byte>? data, string? dataUri, Uri? uri, string? mimeType, string fallbackMediaType)
    {
        if (data is { IsEmpty: false } bytes)
        {
            return new DataContent(bytes, mimeType ?? fallbackMediaType);
        }

        if (dataUri is not null)
        {
            return new DataContent(dataUri, mimeType);
        }

        if (uri is not null)
        {
            return new UriContent(uri, mimeType ?? fallbackMediaType);
        }

        throw new ArgumentException($"A {fallbackMediaType} item in the chat history has neither data nor a URI.");
    }

    internal static string QualifiedName(string? pluginName, string functionName) =>
        string.IsNullOrEmpty(pluginName) ? functionName : $"{pluginName}_{functionName}";
}
