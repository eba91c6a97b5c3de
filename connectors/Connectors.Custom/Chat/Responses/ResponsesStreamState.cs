using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Turns Responses stream events into the chunk shape <see cref="StreamState"/> already handles, so text, think-tag
/// splitting, tool calls written as text, function-call assembly, usage and the final update work exactly as on chat
/// completions.
/// </summary>
/// <remarks>
/// Function-call arguments are assembled from <c>response.function_call_arguments.delta</c> by output index; the
/// whole arguments of <c>.done</c> (or of <c>response.output_item.done</c>) are used only for a call whose deltas never
/// came, since some servers send a call in one piece.
/// </remarks>
internal sealed class ResponsesStreamState
{
    private readonly StreamState _state;
    private readonly HashSet<int> _callsWithArguments = [];
    private readonly HashSet<int> _callsStarted = [];
    private readonly string _requestedModelId;
    private string? _reasoningItemWithId;

    public ResponsesStreamState(string requestedModelId, ResponseShaper shaper)
    {
        _requestedModelId = requestedModelId;
        _state = new StreamState(requestedModelId, shaper);
        Event = new ResponsesEvent(_callsWithArguments.Contains);
    }

    /// <summary>Gets the event the parser fills (one instance, reused).</summary>
    public ResponsesEvent Event { get; }

    /// <summary>Gets the usage the server reported, if any.</summary>
    public UsagePayload? Usage => _state.Usage;

    /// <summary>Gets whether a terminal event (<c>response.completed</c> or <c>response.incomplete</c>) arrived.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Gets the response id, once <c>response.created</c> (or a terminal event) has named it.</summary>
    public string? ResponseId => _state.Payload.Id;

    /// <summary>Whether the event named <paramref name="eventName"/> (its SSE <c>event:</c> line) can be passed over
    /// unparsed: one the client never reads, or a call's whole arguments once every call begun has streamed its own
    /// (<c>response.output_item.done</c> still repeats them for a server that sent no deltas).</summary>
    public bool PassesOver(ReadOnlySpan<byte> eventName) =>
        ResponsesParser.IsUnread(eventName)
        || (eventName.SequenceEqual("response.function_call_arguments.done"u8) && EveryCallBegunHasArguments());

    /// <summary>Takes in the event in <see cref="Event"/>; returns the update to deliver, if it carries anything.</summary>
    public ChatResponseUpdate? Accept()
    {
        var e = Event;
        var index = e.OutputIndex ?? 0;
        if (e.Kind == ResponsesEventKind.ArgumentsDelta)
        {
            // The bulk of a tool call's stream: each fragment goes straight to the call being assembled, which is
            // delivered whole when the stream ends, so there is no chunk to shape and no update to make.
            if (!string.IsNullOrEmpty(e.Delta))
            {
                _callsWithArguments.Add(index);
                _state.AddToolCall(new ToolCallDelta(index, null, null, e.Delta));
            }

            return null;
        }

        var payload = _state.Payload;
        payload.Reset();
        switch (e.Kind)
        {
            case ResponsesEventKind.Created:
                ReadIdentity(e.Response);
                return null;
            case ResponsesEventKind.TextDelta:
                payload.Content = e.Delta;
                break;
            case ResponsesEventKind.ReasoningDelta:
                payload.ReasoningField = e.Delta;
                return KeepReasoningItemId(_state.Accept(), e.ItemId);
            case ResponsesEventKind.RefusalDelta:
                payload.Refusal = e.Delta;
                break;
            case ResponsesEventKind.ArgumentsDone:
                AddWholeCall(index, null, e.Arguments);
                break;
            case ResponsesEventKind.OutputItemAdded or ResponsesEventKind.OutputItemDone when e.Item is { IsFunctionCall: true } call:
                AddWholeCall(index, call, call.Arguments);
                break;
            case ResponsesEventKind.OutputItemDone when e.Item is { IsReasoning: true, EncryptedContent: { Length: > 0 } } reasoning:
                // Kept on its own content so the next request of a tool loop can hand it back.
                return new ChatResponseUpdate(ChatRole.Assistant, [ResponsesResponseFactory.EncryptedReasoning(reasoning)])
                {
                    ResponseId = ResponseId,
                    MessageId = ResponseId,
                    ModelId = payload.Model ?? _requestedModelId,
                };
            case ResponsesEventKind.Completed or ResponsesEventKind.Incomplete:
                IsComplete = true;
                ReadIdentity(e.Response);
                payload.Usage = e.Response?.Usage;
                payload.FinishReason = e.Response?.FinishReason ?? (e.Kind == ResponsesEventKind.Incomplete ? FinishReasons.Length : FinishReasons.Stop);
                break;
            default:
                return null;
        }

        return _state.Accept();
    }

    /// <summary>Creates the update that closes the stream: assembled function calls and the final usage.</summary>
    public ChatResponseUpdate? CreateFinalUpdate() => _state.CreateFinalUpdate();

    private void ReadIdentity(ResponsesPayload? response)
    {
        if (response is null)
        {
            return;
        }

        var payload = _state.Payload;
        payload.Id ??= ChatResponseFactory.NullIfEmpty(response.Id);
        payload.Model ??= ChatResponseFactory.NullIfEmpty(response.Model);
        payload.Created ??= response.CreatedAt;
    }

    /// <summary>Puts the reasoning item's id on the first reasoning content of each item. M.E.AI's
    /// <c>ToChatResponse</c> merges a message's adjacent reasoning contents into one that keeps the first one's
    /// <see cref="AIContent.AdditionalProperties"/> and the last one's <see cref="TextReasoningContent.ProtectedData"/>
    /// (the encrypted content, which arrives last, with <c>response.output_item.done</c>); the id must therefore be on
    /// the first delta for the merged content to carry both, as the next request of a tool loop sends them.</summary>
    private ChatResponseUpdate? KeepReasoningItemId(ChatResponseUpdate? update, string? itemId)
    {
        if (update is null || string.IsNullOrEmpty(itemId) || itemId == _reasoningItemWithId)
        {
            return update;
        }

        foreach (var content in update.Contents)
        {
            if (content is TextReasoningContent reasoning)
            {
                ResponsesResponseFactory.KeepItemId(reasoning, itemId);
                _reasoningItemWithId = itemId;
                break;
            }
        }

        return update;
    }

    /// <summary>Adds a call's id and name once, and its whole arguments only if no delta carried them.</summary>
    private bool EveryCallBegunHasArguments()
    {
        if (_callsStarted.Count == 0)
        {
            return false;
        }

        foreach (var index in _callsStarted)
        {
            if (!_callsWithArguments.Contains(index))
            {
                return false;
            }
        }

        return true;
    }

    private void AddWholeCall(int index, ResponsesOutputItem? call, string? arguments)
    {
        var payload = _state.Payload;
        var start = call is not null && _callsStarted.Add(index);
        var addArguments = !string.IsNullOrEmpty(arguments) && _callsWithArguments.Add(index);
        if (start || addArguments)
        {
            payload.ToolCalls.Add(new ToolCallDelta(index, start ? call!.CallId : null, start ? call!.Name : null, addArguments ? arguments : null));
        }
    }
}
