using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <content>Mistral: <c>[TOOL_CALLS]</c>, in its v3 (JSON array) and v11 (<c>name[ARGS]{..}</c>) forms.</content>
internal static partial class TextToolCallFormats
{
    private const string MistralArgs = "[ARGS]";
    private const string MistralCallId = "[CALL_ID]";

    /// <summary><c>[TOOL_CALLS]</c> then a JSON array of calls, or <c>name[ARGS]{..}</c> (with an optional <c>[CALL_ID]id</c>).</summary>
    private static bool ReadMistral(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        SkipWhitespace(text, ref position);
        if (position < text.Length && text[position] is '[' or '{')
        {
            return ReadJsonCallsAt(text, ref position, offered, found);
        }

        var args = text.IndexOf(MistralArgs, position, StringComparison.Ordinal);
        if (args < 0)
        {
            return false;
        }

        var head = text.AsSpan(position, args - position);
        var callId = head.IndexOf(MistralCallId, StringComparison.Ordinal);
        var name = (callId >= 0 ? head[..callId] : head).Trim().ToString();
        position = args + MistralArgs.Length;
        SkipWhitespace(text, ref position);
        return IsName(name) && ReadJson(text, ref position) is { } arguments && AddCall((name, arguments), offered, found);
    }
}
