using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SK = Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Converts M.E.AI responses and updates into Semantic Kernel content, with the metadata SK users read.</summary>
/// <remarks>
/// Metadata keys (<see cref="CustomMetadataKeys"/>): <c>Usage</c> (a <see cref="UsageDetails"/>), <c>FinishReason</c>,
/// <c>Id</c>, <c>Created</c> (also as <c>CreatedAt</c>), <c>SystemFingerprint</c>. Reasoning becomes <see cref="SK.ReasoningContent"/> /
/// <see cref="StreamingReasoningContent"/>, never part of <c>Content</c>.
/// </remarks>
internal static class ChatContentConverter
{
    public static ChatMessageContent ToChatMessageContent(ChatMessage message, ChatResponse response, ChatResponse? callLookup = null)
    {
        var result = new ChatMessageContent
        {
            Role = new AuthorRole(message.Role.Value),
            AuthorName = message.AuthorName,
            ModelId = response.ModelId,
            InnerContent = message.RawRepresentation,
            Metadata = CreateMetadata(response.ResponseId, response.CreatedAt ?? message.CreatedAt, response.FinishReason, response.Usage, response.AdditionalProperties),
        };

        foreach (var content in message.Contents)
        {
            if (ToKernelContent(content, callLookup ?? response) is { } item)
            {
                item.ModelId = response.ModelId;
                result.Items.Add(item);
            }
        }

        return result;
    }

    public static StreamingChatMessageContent ToStreamingContent(ChatResponseUpdate update)
    {
        UsageDetails? usage = null;
        var result = new StreamingChatMessageContent(update.Role is { } role ? new AuthorRole(role.Value) : null, content: null)
        {
            ModelId = update.ModelId,
            InnerContent = update.RawRepresentation,
        };

        var callIndex = 0;
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            var content = contents[i];
            switch (content)
            {
                case Microsoft.Extensions.AI.TextContent text:
                    result.Items.Add(new StreamingTextContent(text.Text) { ModelId = update.ModelId });
                    break;
                case TextReasoningContent reasoning:
                    result.Items.Add(new StreamingReasoningContent(reasoning.Text) { ModelId = update.ModelId });
                    break;
                case Microsoft.Extensions.AI.FunctionCallContent call:
                    result.Items.Add(new StreamingFunctionCallUpdateContent(call.CallId, call.Name, JsonValueWriter.ToContentString(call.Arguments ?? new Dictionary<string, object?>()), callIndex++));
                    break;
                case UsageContent usageContent:
                    usage = usageContent.Details;
                    break;
            }
        }

        // Plain text deltas carry no metadata: a dictionary per streamed token would cost more than the token itself.
        // The id and creation time come with the first update, the finish reason and usage with the last ones.
        if (update.FinishReason is not null || usage is not null || update.AdditionalProperties is { Count: > 0 })
        {
            result.Metadata = CreateMetadata(update.ResponseId, update.CreatedAt, update.FinishReason, usage, update.AdditionalProperties);
        }

        return result;
    }

    /// <summary>Converts a message of an update stream that the function-invocation layer produced (calls or results)
    /// into a history entry, so the caller's <see cref="ChatHistory"/> records the tool round trip.</summary>
    /// <param name="role">The role of the update.</param>
    /// <param name="contents">The update's contents.</param>
    /// <param name="modelId">The model that answered.</param>
    /// <param name="callNames">Function names by call id, from the calls seen earlier in the stream, so that results
    /// are recorded with the name of the function that produced them.</param>
    public static ChatMessageContent ToHistoryEntry(ChatRole role, IEnumerable<AIContent> contents, string? modelId, Dictionary<string, string> callNames)
    {
        var entry = new ChatMessageContent { Role = new AuthorRole(role.Value), ModelId = modelId };
        foreach (var content in contents)
        {
            switch (content)
            {
                case Microsoft.Extensions.AI.FunctionCallContent call:
                    callNames[call.CallId] = call.Name;
                    entry.Items.Add(ToKernelContent(call, null)!);
                    break;
                case Microsoft.Extensions.AI.FunctionResultContent result:
                    entry.Items.Add(new SK.FunctionResultContent(callNames.GetValueOrDefault(result.CallId), pluginName: null, result.CallId, result.Result)
                    {
                        InnerContent = result.RawRepresentation,
                    });
                    break;
            }
        }

        return entry;
    }

    private static KernelContent? ToKernelContent(AIContent content, ChatResponse? callLookup)
    {
        KernelContent? item = content switch
        {
            Microsoft.Extensions.AI.TextContent text => new SK.TextContent(text.Text),
            TextReasoningContent reasoning => new SK.ReasoningContent(reasoning.Text),
            Microsoft.Extensions.AI.FunctionCallContent call => new SK.FunctionCallContent(
                call.Name, pluginName: null, call.CallId, call.Arguments is null ? null : new KernelArguments(call.Arguments)),
            Microsoft.Extensions.AI.FunctionResultContent result => new SK.FunctionResultContent(
                FindCallName(callLookup, result.CallId), pluginName: null, result.CallId, result.Result),
            DataContent data when data.HasTopLevelMediaType("image") => new SK.ImageContent(data.Data, data.MediaType),
            DataContent data when data.HasTopLevelMediaType("audio") => new SK.AudioContent(data.Data, data.MediaType),
            DataContent data => new SK.BinaryContent(data.Data, data.MediaType),
            UriContent uri when uri.HasTopLevelMediaType("image") => new SK.ImageContent(uri.Uri) { MimeType = uri.MediaType },
            UriContent uri => new SK.BinaryContent(uri.Uri) { MimeType = uri.MediaType },
            _ => null,
        };

        if (item is not null)
        {
            item.InnerContent = content.RawRepresentation;
            if (content.AdditionalProperties is { Count: > 0 } properties)
            {
                item.Metadata = properties;
            }
        }

        return item;
    }

    private static string? FindCallName(ChatResponse? response, string callId)
    {
        if (response is null)
        {
            return null;
        }

        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is Microsoft.Extensions.AI.FunctionCallContent call && call.CallId == callId)
                {
                    return call.Name;
                }
            }
        }

        return null;
    }

    private static Dictionary<string, object?>? CreateMetadata(string? id, DateTimeOffset? createdAt, ChatFinishReason? finishReason, UsageDetails? usage, AdditionalPropertiesDictionary? additional)
    {
        if (id is null && createdAt is null && finishReason is null && usage is null && additional is not { Count: > 0 })
        {
            return null;
        }

        var metadata = new Dictionary<string, object?>(additional?.Count + 4 ?? 4);
        if (additional is not null)
        {
            foreach (var (key, value) in additional)
            {
                metadata[key] = value;
            }
        }

        metadata[CustomMetadataKeys.Id] = id;
        object? created = createdAt;
        metadata[CustomMetadataKeys.Created] = created;
        metadata[CustomMetadataKeys.CreatedAt] = created;
        metadata[CustomMetadataKeys.FinishReason] = finishReason?.Value;
        metadata[CustomMetadataKeys.Usage] = usage;
        return metadata;
    }
}
