using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Lays out a streamed Responses API answer as named events: <c>response.created</c>,
/// <c>response.in_progress</c>, then each output item (<c>response.output_item.added</c>, its deltas and
/// <c>.done</c> events, <c>response.output_item.done</c>), then <c>response.completed</c> or
/// <c>response.incomplete</c>; or, for a scripted failure, <c>response.failed</c> or an <c>error</c> event. No
/// <c>[DONE]</c>: the terminal event ends the stream.</summary>
internal sealed class ResponsesStreamBuilder
{
    /// <summary>How many characters of function arguments each delta carries.</summary>
    private const int ArgumentFragmentLength = 8;

    private readonly ResponsesAnswer _answer;
    private readonly List<StreamEvent> _events = [];
    private int _breakAfter = -1;

    private ResponsesStreamBuilder(ResponsesAnswer answer) => _answer = answer;

    public static EventStream Build(ResponsesAnswer answer) => new ResponsesStreamBuilder(answer).Build(failure: null);

    /// <summary>A stream that fails after it started: HTTP status 500 and up becomes <c>response.failed</c> (the model
    /// failed while generating); below 500 an <c>error</c> event (a request-level error reported in band, as OpenAI
    /// does for a rate limit or an invalid request met after the stream opened).</summary>
    public static EventStream BuildFailure(ResponsesAnswer answer, ChatReply failure) => new ResponsesStreamBuilder(answer).Build(failure);

    private EventStream Build(ChatReply? failure)
    {
        var a = _answer;
        Add("response.created", a, static (w, a) => Response(w, a, "in_progress", null));
        Add("response.in_progress", a, static (w, a) => Response(w, a, "in_progress", null));
        if (failure is { Error: { } message })
        {
            MarkBreak();
            if (failure.ErrorStatusCode >= 500)
            {
                Add("response.failed", (a, message), static (w, s) => Response(w, s.a, "failed", s.message));
            }
            else
            {
                Add("error", (failure.ErrorStatusCode, message), static (w, s) =>
                {
                    w.WriteString("code", s.ErrorStatusCode == 429 ? "rate_limit_exceeded" : "invalid_request_error");
                    w.WriteString("message", s.message);
                    w.WriteNull("param");
                });
            }

            return new EventStream(_events, _breakAfter, EndsWithDone: false);
        }

        var outputIndex = 0;
        if (a.Reasoning is { } reasoning)
        {
            AddReasoning(outputIndex++, reasoning);
        }

        if (a.HasMessage)
        {
            AddMessage(outputIndex++);
        }

        for (var i = 0; i < a.Calls.Count; i++)
        {
            AddCall(outputIndex++, i);
        }

        MarkBreak();
        Add(a.Incomplete ? "response.incomplete" : "response.completed", a, static (w, a) => Response(w, a, a.Incomplete ? "incomplete" : "completed", null));
        return new EventStream(_events, _breakAfter, EndsWithDone: false);
    }

    private void AddReasoning(int outputIndex, string reasoning)
    {
        var a = _answer;
        var summary = a.Style.Reasoning == ResponsesReasoning.Summary;
        Add("response.output_item.added", (a, outputIndex), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteReasoningItem(w, s.a, null)));
        var prefix = summary ? "response.reasoning_summary_text" : "response.reasoning_text";
        var indexName = summary ? "summary_index" : "content_index";
        if (summary)
        {
            Add("response.reasoning_summary_part.added", (a, outputIndex), static (w, s) => SummaryPart(w, s.a, s.outputIndex, string.Empty));
        }

        foreach (var piece in TokenCounter.SplitForStreaming(reasoning))
        {
            Add(prefix + ".delta", (a.ReasoningItemId, outputIndex, indexName, piece), static (w, s) =>
            {
                Located(w, s.ReasoningItemId, s.outputIndex);
                w.WriteNumber(s.indexName, 0);
                w.WriteString("delta", s.piece);
            });
        }

        Add(prefix + ".done", (a.ReasoningItemId, outputIndex, indexName, reasoning), static (w, s) =>
        {
            Located(w, s.ReasoningItemId, s.outputIndex);
            w.WriteNumber(s.indexName, 0);
            w.WriteString("text", s.reasoning);
        });
        if (summary)
        {
            Add("response.reasoning_summary_part.done", (a, outputIndex, reasoning), static (w, s) => SummaryPart(w, s.a, s.outputIndex, s.reasoning));
        }

        Add("response.output_item.done", (a, outputIndex, reasoning), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteReasoningItem(w, s.a, s.reasoning)));
    }

    private void AddMessage(int outputIndex)
    {
        var a = _answer;
        Add("response.output_item.added", (a, outputIndex), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteMessageItem(w, s.a, null)));
        Add("response.content_part.added", (a.MessageItemId, outputIndex), static (w, s) => ContentPart(w, s.MessageItemId, s.outputIndex, string.Empty));
        var pieces = TokenCounter.SplitForStreaming(a.Text);
        var half = (pieces.Count + 1) / 2;
        for (var i = 0; i < pieces.Count; i++)
        {
            Add("response.output_text.delta", (a.MessageItemId, outputIndex, pieces[i]), static (w, s) =>
            {
                Located(w, s.MessageItemId, s.outputIndex);
                w.WriteNumber("content_index", 0);
                w.WriteString("delta", s.Item3);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            });
            if (i + 1 == half)
            {
                MarkBreak();
            }
        }

        Add("response.output_text.done", (a.MessageItemId, outputIndex, a.Text), static (w, s) =>
        {
            Located(w, s.MessageItemId, s.outputIndex);
            w.WriteNumber("content_index", 0);
            w.WriteString("text", s.Text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        });
        Add("response.content_part.done", (a.MessageItemId, outputIndex, a.Text), static (w, s) => ContentPart(w, s.MessageItemId, s.outputIndex, s.Text));
        Add("response.output_item.done", (a, outputIndex), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteMessageItem(w, s.a, s.a.Text)));
    }

    /// <summary>A function call: added with empty arguments, the arguments in fragments of about a token
    /// (<see cref="ArgumentFragmentLength"/> characters, as OpenAI streams them), then done.</summary>
    private void AddCall(int outputIndex, int call)
    {
        var a = _answer;
        var itemId = a.CallItemId(call);
        var arguments = a.Calls[call].Arguments;
        Add("response.output_item.added", (a, outputIndex, call), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteCallItem(w, s.a, s.call, string.Empty, "in_progress")));
        MarkBreak();
        for (var start = 0; start < arguments.Length; start += ArgumentFragmentLength)
        {
            var fragment = arguments.Substring(start, Math.Min(ArgumentFragmentLength, arguments.Length - start));
            Add("response.function_call_arguments.delta", (itemId, outputIndex, fragment), static (w, s) =>
            {
                Located(w, s.itemId, s.outputIndex);
                w.WriteString("delta", s.fragment);
            });
        }

        Add("response.function_call_arguments.done", (itemId, outputIndex, arguments), static (w, s) =>
        {
            Located(w, s.itemId, s.outputIndex);
            w.WriteString("arguments", s.arguments);
        });
        Add("response.output_item.done", (a, outputIndex, call), static (w, s) => ItemEvent(w, s.outputIndex, () => ResponsesJson.WriteCallItem(w, s.a, s.call, s.a.Calls[s.call].Arguments, "completed")));
    }

    /// <summary>The <c>response</c> of a lifecycle event: without output until the terminal event.</summary>
    private static void Response(Utf8JsonWriter writer, ResponsesAnswer a, string status, string? failure)
    {
        writer.WritePropertyName("response");
        ResponsesJson.WriteResponse(writer, a, status, withOutput: status is "completed" or "incomplete", failure);
    }

    private static void ItemEvent(Utf8JsonWriter writer, int outputIndex, Action writeItem)
    {
        writer.WriteNumber("output_index", outputIndex);
        writer.WritePropertyName("item");
        writeItem();
    }

    private static void Located(Utf8JsonWriter writer, string itemId, int outputIndex)
    {
        writer.WriteString("item_id", itemId);
        writer.WriteNumber("output_index", outputIndex);
    }

    private static void ContentPart(Utf8JsonWriter writer, string itemId, int outputIndex, string text)
    {
        Located(writer, itemId, outputIndex);
        writer.WriteNumber("content_index", 0);
        writer.WritePropertyName("part");
        ResponsesJson.WriteOutputText(writer, text);
    }

    private static void SummaryPart(Utf8JsonWriter writer, ResponsesAnswer a, int outputIndex, string text)
    {
        Located(writer, a.ReasoningItemId, outputIndex);
        writer.WriteNumber("summary_index", 0);
        writer.WritePropertyName("part");
        ResponsesJson.WriteTextPart(writer, "summary_text", text);
    }

    private void Add<TState>(string type, TState state, Action<Utf8JsonWriter, TState> fields) =>
        _events.Add(ResponsesJson.Event(type, _events.Count, state, fields));

    /// <summary>A broken stream (drop or stall faults) sends the events up to here: the first half of the text
    /// deltas, or up to the first function call's <c>output_item.added</c>, never the terminal event.</summary>
    private void MarkBreak()
    {
        if (_breakAfter < 0)
        {
            _breakAfter = _events.Count;
        }
    }
}
