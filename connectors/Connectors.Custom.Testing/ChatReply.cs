using System;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom.Testing;

/// <summary>What the local chat model answers to one request: text (optionally with reasoning), function calls, or a
/// failure.</summary>
public sealed class ChatReply
{
    /// <summary>Initializes a new instance of the <see cref="ChatReply"/> class.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <param name="finishReason">The <c>finish_reason</c> to report; <c>stop</c> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="finishReason"/> is empty.</exception>
    public ChatReply(string text, string finishReason = "stop")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(finishReason);
        Text = text;
        FinishReason = finishReason;
    }

    /// <summary>Gets the assistant's text (empty for a reply that only calls functions).</summary>
    public string Text { get; }

    /// <summary>Gets the <c>finish_reason</c> reported with the reply.</summary>
    public string FinishReason { get; }

    /// <summary>Gets or initializes the reasoning text sent before the answer, in the field the server's wire profile
    /// uses (<c>reasoning_content</c> or <c>reasoning</c>); profiles without one (OpenAI, Mistral) leave it out.</summary>
    /// <value>Null by default.</value>
    public string? Reasoning { get; init; }

    /// <summary>Gets the function calls the reply makes (empty for none).</summary>
    public IReadOnlyList<ChatScriptToolCall> ToolCalls { get; private init; } = Array.Empty<ChatScriptToolCall>();

    /// <summary>Gets the error message when the reply is a failure (<see cref="Fail"/>), or null.</summary>
    public string? Error { get; private init; }

    /// <summary>Gets the HTTP status a non-streamed failure is answered with.</summary>
    public int ErrorStatusCode { get; private init; }

    /// <summary>Creates a reply that calls functions, with <c>finish_reason</c> <c>tool_calls</c>.</summary>
    /// <param name="calls">The calls, in order; at least one.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentException"><paramref name="calls"/> is empty or holds null.</exception>
    public static ChatReply CallTools(params IEnumerable<ChatScriptToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls.ToArray();
        if (list.Length == 0 || Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("A reply that calls functions needs at least one call, and no null ones.", nameof(calls));
        }

        return new ChatReply(string.Empty, "tool_calls") { ToolCalls = list };
    }

    /// <summary>Creates a failure: a non-streamed request gets HTTP <paramref name="statusCode"/> with an error body
    /// in the wire profile's shape; a streamed one gets HTTP 200, the first chunk, then the error inside the stream
    /// (as providers report errors that happen after generation started), and no <c>[DONE]</c>.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="statusCode">The HTTP status for non-streamed requests; 500 by default.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not between 400 and 599.</exception>
    public static ChatReply Fail(string message, int statusCode = 500)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new ChatReply(string.Empty, "error") { Error = message, ErrorStatusCode = statusCode };
    }

    /// <summary>The same reply with its reasoning moved into the text as <c>&lt;think&gt;…&lt;/think&gt;</c>, as servers
    /// that do not separate reasoning send it; a reply without reasoning is returned as it is.</summary>
    internal ChatReply WithReasoningInline() => string.IsNullOrEmpty(Reasoning)
        ? this
        : new ChatReply("<think>" + Reasoning + "</think>\n\n" + Text, FinishReason) { ToolCalls = ToolCalls, Error = Error, ErrorStatusCode = ErrorStatusCode };
}
