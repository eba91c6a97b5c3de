using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Builds the M.E.AI response for a whole Responses API answer, through the same shaping and factory as
/// chat completions (think tags, tool calls written as text, finish reason, usage, metadata).</summary>
internal static class ResponsesResponseFactory
{
    public static ChatResponse Create(ResponsesPayload parsed, ResponseShaper shaper, string requestedModelId)
    {
        var payload = new ChatCompletionPayload
        {
            Id = parsed.Id,
            Model = parsed.Model,
            Created = parsed.CreatedAt,
            FinishReason = parsed.FinishReason,
            Usage = parsed.Usage,
        };

        var calls = new ToolCallAccumulator();
        for (var i = 0; i < parsed.Output.Count; i++)
        {
            var item = parsed.Output[i];
            if (item.IsFunctionCall)
            {
                calls.Add(new ToolCallDelta(i, item.CallId, item.Name, item.Arguments));
            }
            else if (item.IsReasoning)
            {
                payload.ReasoningField = JsonReading.Concat(payload.ReasoningField, item.Reasoning);
            }
            else
            {
                payload.Content = JsonReading.Concat(payload.Content, item.Text);
                payload.Refusal = JsonReading.Concat(payload.Refusal, item.Refusal);
            }
        }

        shaper.ShapeWholeAnswer(payload, calls);
        var built = calls.Build();
        shaper.RepairArguments(built);
        var response = ChatResponseFactory.CreateResponse(payload, built, requestedModelId);
        KeepEncryptedReasoning(parsed, response.Messages[0]);
        return response;
    }

    /// <summary>Puts each reasoning item's <c>encrypted_content</c> on a reasoning content of the message, so the
    /// next request of a tool loop can hand it back: on the reasoning text when there is one item, else each on a
    /// content of its own.</summary>
    private static void KeepEncryptedReasoning(ResponsesPayload parsed, ChatMessage message)
    {
        var contents = message.Contents;
        var position = 0;
        foreach (var item in parsed.Output)
        {
            if (item is not { IsReasoning: true, EncryptedContent: { Length: > 0 } encrypted })
            {
                continue;
            }

            if (position == 0 && contents.Count > 0 && contents[0] is TextReasoningContent { ProtectedData: null } text)
            {
                text.ProtectedData = encrypted;
                KeepItemId(text, item.Id);
                position = 1;
                continue;
            }

            contents.Insert(position++, EncryptedReasoning(item));
        }
    }

    /// <summary>A reasoning content holding a reasoning item's encrypted content and its item id, for replay.</summary>
    public static TextReasoningContent EncryptedReasoning(ResponsesOutputItem item)
    {
        var content = new TextReasoningContent(string.Empty) { ProtectedData = item.EncryptedContent };
        KeepItemId(content, item.Id);
        return content;
    }

    /// <summary>Keeps a reasoning item's id on <paramref name="content"/>, where the input writer finds it for replay.</summary>
    public static void KeepItemId(TextReasoningContent content, string? itemId)
    {
        if (!string.IsNullOrEmpty(itemId))
        {
            (content.AdditionalProperties ??= [])[CustomMetadataKeys.Id] = itemId;
        }
    }
}
