using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Builds M.E.AI responses, updates and usage from parsed payloads.</summary>
internal static class ChatResponseFactory
{
    public static ChatResponse CreateResponse(ChatCompletionPayload payload, List<FunctionCallContent> calls, string requestedModelId)
    {
        var contents = new List<AIContent>(2 + calls.Count);
        AddText(contents, payload.Reasoning, payload.Content, payload.Refusal);
        contents.AddRange(calls);

        var createdAt = ToDateTime(payload.Created);
        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = NullIfEmpty(payload.Id), CreatedAt = createdAt };
        var response = new ChatResponse(message)
        {
            ResponseId = NullIfEmpty(payload.Id),
            ModelId = NullIfEmpty(payload.Model) ?? requestedModelId,
            CreatedAt = createdAt,
            FinishReason = MapFinishReason(payload.FinishReason, calls.Count > 0),
            Usage = ToUsageDetails(payload.Usage),
        };

        // One dictionary for the fingerprint and what the resilient client adds next (endpoint, attempts, cost).
        response.AdditionalProperties = [];
        if (payload.SystemFingerprint is not null)
        {
            response.AdditionalProperties[CustomMetadataKeys.SystemFingerprint] = payload.SystemFingerprint;
        }

        return response;
    }

    /// <summary>Adds reasoning (first, as models produce it), answer text and a refusal, skipping empty ones.</summary>
    public static void AddText(List<AIContent> contents, string? reasoning, string? answer, string? refusal)
    {
        if (reasoning is { Length: > 0 })
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (answer is { Length: > 0 })
        {
            contents.Add(new TextContent(answer));
        }

        if (refusal is { Length: > 0 })
        {
            contents.Add(new TextContent(refusal) { AdditionalProperties = new() { ["Refusal"] = true } });
        }
    }

    /// <summary>Maps the wire finish reason; calls present with a <c>stop</c> (or no) reason count as tool calls,
    /// because older Ollama and several local servers report <c>stop</c> after emitting calls.</summary>
    public static ChatFinishReason? MapFinishReason(string? wire, bool hasCalls)
    {
        var mapped = FinishReasons.ToChatFinishReason(wire);
        return hasCalls && (mapped is null || mapped == ChatFinishReason.Stop) ? ChatFinishReason.ToolCalls : mapped;
    }

    public static UsageDetails? ToUsageDetails(UsagePayload? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = usage.CompletionTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
            CachedInputTokenCount = usage.CachedTokens,
            ReasoningTokenCount = usage.ReasoningTokens,
        };

        if (usage.Additional is { Count: > 0 } additional)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long>(additional);
        }

        return details;
    }

    public static DateTimeOffset? ToDateTime(long? unixSeconds) =>
        unixSeconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds.Value) : null;

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
