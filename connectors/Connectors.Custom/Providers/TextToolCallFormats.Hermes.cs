using System.Collections.Generic;

namespace Connectors.Custom;

/// <content>Hermes/Qwen: <c>&lt;tool_call&gt;</c> around a JSON call or a Qwen3-Coder <c>&lt;function=…&gt;</c> block.</content>
internal static partial class TextToolCallFormats
{
    private const string HermesEnd = "</tool_call>";

    private static bool ReadHermes(string text, ref int position, OfferedFunctions offered, List<(string, string)> found)
    {
        SkipWhitespace(text, ref position);
        if (TryConsume(text, ref position, Function))
        {
            if (!ReadFunction(text, ref position, offered, found))
            {
                return false;
            }
        }
        else if (ReadJson(text, ref position) is not { } json || !AddCall(ReadCall(json), offered, found))
        {
            return false;
        }

        return ConsumeClosing(text, ref position, HermesEnd);
    }
}
