using System.Collections.Generic;

namespace Connectors.Custom;

/// <content>Llama 3.x: <c>&lt;|python_tag|&gt;</c>.</content>
internal static partial class TextToolCallFormats
{
    /// <summary>Llama 3.x: <c>&lt;|python_tag|&gt;</c> then JSON calls separated by <c>;</c>.</summary>
    private static bool ReadPythonTag(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        do
        {
            SkipWhitespace(text, ref position);
            if (ReadJson(text, ref position) is not { } json || !AddCall(ReadCall(json), offered, found))
            {
                return false;
            }

            SkipWhitespace(text, ref position);
        }
        while (TryConsume(text, ref position, ";"));

        _ = TryConsume(text, ref position, "<|eom_id|>") || TryConsume(text, ref position, "<|eot_id|>");
        return true;
    }
}
