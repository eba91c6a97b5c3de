using System;
using System.Collections.Generic;
using System.Text.Json;
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
    private readonly Dictionary<string, JsonElement>? _offered;
    private readonly IList<AITool>? _tools;
    private System.Text.StringBuilder? _held;
    private bool _atAnswerStart = true;
    private bool _holdToEnd;

    public ResponseShaper(CustomQuirkProfile quirks, ChatOptions? options)
    {
        _splitter = quirks.SplitThinkTags ? new ThinkTagSplitter(quirks.ReplyMayStartInThink) : null;
        _tools = options?.Tools;
        if (quirks.ParseToolCallsInText && options?.Tools is { Count: > 0 } tools)
        {
            _offered = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var tool in tools)
            {
                _offered[tool.Name] = tool is AIFunctionDeclaration function ? function.JsonSchema : default;
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

    /// <summary>Gives nested arguments written as JSON strings back their object or array values (see <see cref="NestedArguments"/>).</summary>
    public void RepairArguments(List<FunctionCallContent> calls) => NestedArguments.Repair(calls, _tools);

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
            // What the flush released comes first; the held text follows it in the answer.
            var rest = calls.HasCalls ? text : TakeCalls(text, calls);
            answer = answer is null ? rest : answer + rest;
        }

        return (reasoning, answer);
    }

    /// <summary>
    /// Delivers the answer text that cannot be part of a tool call written as text, and holds back the rest: from the
    /// first place a format's marker starts (or may start, when a chunk ends inside one), or the whole answer while it
    /// could be a bare JSON call. Once held text opens with a complete marker, everything to the end is held.
    /// </summary>
    private string? Hold(string? answer)
    {
        if (_offered is null || answer is null)
        {
            return answer;
        }

        // Every marker starts with '<' or '[': past the start of the answer, with nothing held, a chunk without either
        // goes straight through (the common case, on every streamed token).
        if (!_atAnswerStart && (_held is null || _held.Length == 0) && answer.AsSpan().IndexOfAny('<', '[') < 0)
        {
            return answer;
        }

        (_held ??= new()).Append(answer);
        if (_holdToEnd)
        {
            return null;
        }

        var text = _held.ToString();
        var from = TextToolCallParser.HoldFrom(text, _atAnswerStart);
        if (from == 0)
        {
            _holdToEnd = TextToolCallParser.IsCommitted(text, _atAnswerStart);
            return null;
        }

        _atAnswerStart = false;
        _held.Remove(0, from);
        _holdToEnd = _held.Length > 0 && TextToolCallParser.IsCommitted(_held.ToString(), atAnswerStart: false);
        return text[..from];
    }

    private string? TakeCalls(string text, ToolCallAccumulator calls)
    {
        var found = TextToolCallParser.Extract(text, _offered!.Keys, out var remainder, _offered);
        foreach (var (name, arguments) in found)
        {
            calls.Add(new ToolCallDelta(null, null, name, arguments));
        }

        return found.Count > 0 ? remainder : text;
    }
}
