using System;

namespace Connectors.Custom;

/// <summary>The kinds of Responses stream events the connector acts on; every other event is ignored.</summary>
internal enum ResponsesEventKind
{
    /// <summary>An event the connector does not act on (<c>response.in_progress</c>, <c>*.done</c> text events,
    /// content part events, and any type a server adds).</summary>
    Other,

    /// <summary><c>response.created</c>: the response's id, model and creation time.</summary>
    Created,

    /// <summary><c>response.output_item.added</c>.</summary>
    OutputItemAdded,

    /// <summary><c>response.output_item.done</c>.</summary>
    OutputItemDone,

    /// <summary><c>response.output_text.delta</c>.</summary>
    TextDelta,

    /// <summary><c>response.refusal.delta</c>.</summary>
    RefusalDelta,

    /// <summary><c>response.reasoning_summary_text.delta</c> or <c>response.reasoning_text.delta</c>.</summary>
    ReasoningDelta,

    /// <summary><c>response.function_call_arguments.delta</c>.</summary>
    ArgumentsDelta,

    /// <summary><c>response.function_call_arguments.done</c>.</summary>
    ArgumentsDone,

    /// <summary><c>response.completed</c>.</summary>
    Completed,

    /// <summary><c>response.incomplete</c>: the answer stopped early (token limit, content filter).</summary>
    Incomplete,

    /// <summary><c>response.failed</c>: the response's <c>error</c> says why.</summary>
    Failed,

    /// <summary><c>error</c>: a failure reported in the stream.</summary>
    Error,
}

/// <summary>One parsed Responses stream event. One instance serves a whole stream (see <see cref="Reset"/>).</summary>
/// <param name="argumentsStreamed">Whether the call at an output index has streamed its arguments already, so the
/// item that repeats them need not be read; by default none has.</param>
internal sealed class ResponsesEvent(Func<int, bool>? argumentsStreamed = null)
{
    private readonly Func<int, bool> _argumentsStreamed = argumentsStreamed ?? (static _ => false);

    public ResponsesEventKind Kind { get; set; }

    public int? OutputIndex { get; set; }

    public string? ItemId { get; set; }

    /// <summary>Gets or sets the text of a delta event.</summary>
    public string? Delta { get; set; }

    /// <summary>Gets or sets the whole argument text of <c>response.function_call_arguments.done</c>.</summary>
    public string? Arguments { get; set; }

    /// <summary>Gets or sets the item of an output item event.</summary>
    public ResponsesOutputItem? Item { get; set; }

    /// <summary>Gets or sets the response of a lifecycle event (created, completed, incomplete, failed).</summary>
    public ResponsesPayload? Response { get; set; }

    /// <summary>Gets or sets where the <c>response</c> object starts and how long it is in the event's bytes, so a
    /// failed response's error is read from it alone.</summary>
    public (int Start, int Length) ResponseRange { get; set; }

    /// <summary>Whether the call at <paramref name="outputIndex"/> has streamed its arguments already.</summary>
    public bool ArgumentsStreamed(int outputIndex) => _argumentsStreamed(outputIndex);

    public void Reset()
    {
        Kind = ResponsesEventKind.Other;
        OutputIndex = null;
        ItemId = null;
        Delta = null;
        Arguments = null;
        Item = null;
        Response = null;
        ResponseRange = default;
    }
}
