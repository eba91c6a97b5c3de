using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Applies the response-side quirks of a profile: inline <c>&lt;think&gt;</c> reasoning split off the answer, and tool
/// calls written into the answer text turned into real calls (only when the request offered functions).
/// </summary>
/// <remarks>One instance per response; for streams it keeps the state both need across chunks.</remarks>
internal sealed class ResponseShaper
{
    private readonly ThinkTagSplitter? _splitter;
    private readonly HashSet<string>? _offered;
    private System.Text.StringBuilder? _held;
    private bool _answerIsText;

    public ResponseShaper(CustomQuirkProfile quirks, ChatOptions? options)
    {
        _splitter = quirks.SplitThinkTags ? new ThinkTagSplitter(quirks.ReplyMayStartInThink) : null;
        if (quirks.ParseToolCallsInText && options?.Tools is { Count: > 0 } tools)
        {
            _offered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in tools)
            {
                _offered.Add(tool.Name);
            }
        }
    }

    /// <summary>Shapes a complete (non-streamed) answer in place.</summary>
    public void ShapeWholeAnswer(ChatCompletionPayload payload, ToolCallAccumulator calls)
    {
        if (_splitter is not null && string.IsNullOrEmpty(payload.Reasoning) && payload.Content is { } text)
        {
            (payload.ReasoningContent, payload.Content) = ThinkTagSplitter.SplitAll(text);
        }

        if (_offered is not null && !calls.HasCalls && payload.Content is { } answer)
        {
            payload.Content = TakeCalls(answer, calls);
        }
    }

    /// <summary>Shapes one streamed chunk: returns the reasoning and answer text that may be delivered now.</summary>
    public (string? Reasoning, string? Answer) ShapeChunk(string? reasoning, string? answer)
    {
        if (_splitter is not null && string.IsNullOrEmpty(reasoning) && answer is not null)
        {
            (reasoning, answer) = _splitter.Push(answer);
        }

        return (reasoning, Hold(answer));
    }

    /// <summary>Releases what was held back at the end of a stream, taking out tool calls written as text.</summary>
    public (string? Reasoning, string? Answer) Finish(ToolCallAccumulator calls)
    {
        string? reasoning = null;
        string? answer = null;
        if (_splitter is not null)
        {
            (reasoning, answer) = _splitter.Flush();
            answer = Hold(answer);
        }

        if (_held is { Length: > 0 } held)
        {
            var text = held.ToString();
            _held = null;
            answer = calls.HasCalls ? text : TakeCalls(text, calls);
        }

        return (reasoning, answer);
    }

    /// <summary>While the answer so far could be a tool call written as text, it is held back instead of streamed.</summary>
    private string? Hold(string? answer)
    {
        if (_offered is null || _answerIsText || answer is null)
        {
            return answer;
        }

        (_held ??= new()).Append(answer);
        if (TextToolCallParser.MayStartToolCall(_held))
        {
            return null;
        }

        _answerIsText = true;
        var released = _held.ToString();
        _held = null;
        return released;
    }

    private string? TakeCalls(string text, ToolCallAccumulator calls)
    {
        var found = TextToolCallParser.Extract(text, _offered!, out var remainder);
        foreach (var (name, arguments) in found)
        {
            calls.Add(new ToolCallDelta(null, null, name, arguments));
        }

        return found.Count > 0 ? remainder : text;
    }
}
