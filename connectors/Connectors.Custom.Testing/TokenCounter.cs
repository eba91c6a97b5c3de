using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>Deterministic stand-ins for token counts: one token per whitespace-separated word, plus one per message
/// for its role. Not any real tokenizer; stable and easy to predict in tests.</summary>
internal static class TokenCounter
{
    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    public static int CountPrompt(IReadOnlyList<ChatScriptMessage> messages)
    {
        var count = 0;
        foreach (var message in messages)
        {
            count += 1 + CountWords(message.Text);
        }

        return count;
    }

    /// <summary>Splits text into the pieces a stream sends: each word with the whitespace before it, so the pieces
    /// join back to exactly the text (<c>"Echo: a b"</c> gives <c>"Echo:"</c>, <c>" a"</c>, <c>" b"</c>).</summary>
    public static List<string> SplitForStreaming(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            pieces.Add(text[start..]);
        }

        return pieces;
    }
}
