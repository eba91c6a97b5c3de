using System.Collections.Generic;
using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>Everything needed to write one Responses API answer: the response object, its output items and its events.</summary>
/// <param name="Id">The response id (<c>resp_local_&lt;sequence&gt;</c>).</param>
/// <param name="CreatedAt">Unix seconds.</param>
/// <param name="Request">The request answered.</param>
/// <param name="Style">How the profile serves the Responses API.</param>
/// <param name="Sequence">The request's sequence number, which item ids are made from.</param>
/// <param name="Reasoning">The reasoning sent as a reasoning item, or null (none, or written inline in the text).</param>
/// <param name="Text">The output text (possibly cut by <c>max_output_tokens</c>).</param>
/// <param name="Calls">The function calls with their call ids.</param>
/// <param name="Incomplete">Whether <c>max_output_tokens</c> cut the answer.</param>
/// <param name="Usage">The token counts.</param>
/// <param name="Stored">Whether the response was kept for <c>previous_response_id</c> (the <c>store</c> echoed).</param>
internal sealed record ResponsesAnswer(
    string Id,
    long CreatedAt,
    ResponsesRequest Request,
    ResponsesWireStyle Style,
    long Sequence,
    string? Reasoning,
    string Text,
    IReadOnlyList<ResolvedToolCall> Calls,
    bool Incomplete,
    ResponsesUsage Usage,
    bool Stored)
{
    public string ReasoningItemId => "rs_local_" + Sequence.ToString(CultureInfo.InvariantCulture);

    public string MessageItemId => "msg_local_" + Sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether there is a message item: there is text, or nothing else to send.</summary>
    public bool HasMessage => Text.Length > 0 || Calls.Count == 0;

    public string CallItemId(int index) => string.Create(CultureInfo.InvariantCulture, $"fc_local_{Sequence}_{index}");
}

/// <summary>Responses API usage: <paramref name="Output"/> includes <paramref name="Reasoning"/>, and
/// <paramref name="Cached"/> (the part of the input continued from a stored response) is part of <paramref name="Input"/>.</summary>
internal readonly record struct ResponsesUsage(int Input, int Cached, int Output, int Reasoning)
{
    public int Total => Input + Output;
}
