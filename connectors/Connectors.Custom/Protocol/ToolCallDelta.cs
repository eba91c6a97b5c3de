namespace Connectors.Custom;

/// <summary>One entry of a <c>tool_calls</c> array: a whole call, or one fragment of a streamed call.</summary>
/// <param name="Index">The <c>index</c> the server sent, if any (Mistral and Gemini send none).</param>
/// <param name="Id">The call id, if any (some servers send none or an empty string).</param>
/// <param name="Name">The function name, if any (may be absent or empty on later fragments).</param>
/// <param name="Arguments">The argument text: the JSON string's value, or the raw JSON when a server sent an object.</param>
internal readonly record struct ToolCallDelta(int? Index, string? Id, string? Name, string? Arguments);
