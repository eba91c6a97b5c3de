using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <content>DeepSeek V3/R1 and V3.1: the <c>&lt;｜tool▁calls▁begin｜&gt;</c> block.</content>
internal static partial class TextToolCallFormats
{
    private const string DeepSeekCallsEnd = "<｜tool▁calls▁end｜>";
    private const string DeepSeekCallBegin = "<｜tool▁call▁begin｜>";
    private const string DeepSeekCallEnd = "<｜tool▁call▁end｜>";
    private const string DeepSeekSep = "<｜tool▁sep｜>";

    private static bool ReadDeepSeek(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        while (true)
        {
            SkipWhitespace(text, ref position);
            if (!TryConsume(text, ref position, DeepSeekCallBegin))
            {
                break;
            }

            var close = text.IndexOf(DeepSeekCallEnd, position, StringComparison.Ordinal);
            var body = close < 0 ? text[position..] : text[position..close];
            position = close < 0 ? text.Length : close + DeepSeekCallEnd.Length;
            if (!AddCall(ReadDeepSeekCall(body), offered, found))
            {
                return false;
            }
        }

        return ConsumeClosing(text, ref position, DeepSeekCallsEnd);
    }

    /// <summary>One call's body: <c>function⟨sep⟩name</c> and a fenced JSON object (V3/R1), or <c>name⟨sep⟩{..}</c> (V3.1).</summary>
    private static (string, string)? ReadDeepSeekCall(string body)
    {
        var sep = body.IndexOf(DeepSeekSep, StringComparison.Ordinal);
        if (sep < 0)
        {
            return null;
        }

        var before = body.AsSpan(0, sep).Trim();
        var after = body[(sep + DeepSeekSep.Length)..];
        var position = 0;
        if (before.SequenceEqual("function") && after.IndexOf('\n') is var lineEnd and > 0)
        {
            var name = after[..lineEnd].Trim();
            position = after.IndexOf('{', lineEnd);
            return position >= 0 && IsName(name) && ReadJson(after, ref position) is { } fenced ? (name, fenced) : null;
        }

        SkipWhitespace(after, ref position);
        var plainName = before.ToString();
        return IsName(plainName) && ReadJson(after, ref position) is { } json ? (plainName, json) : null;
    }
}
