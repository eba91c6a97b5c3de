using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The one estimate of how many tokens a request will use, charged against tokens-per-minute limits before
/// the server reports the real figure (which then corrects it).</summary>
/// <remarks>About four characters per token, the usual rule of thumb for English with BPE tokenizers: cheap, and
/// close enough for a budget that is corrected after every answer.</remarks>
internal static class TokenEstimator
{
    private const int CharactersPerToken = 4;

    /// <summary>Estimates one text (an embedding input): at least one token.</summary>
    public static int ForText(string text) => ((text.Length + CharactersPerToken - 1) / CharactersPerToken) + 1;

    /// <summary>Estimates a chat request: its text, one token per message for the framing, and the output it allows.</summary>
    public static int ForChat(IReadOnlyList<ChatMessage> history, int? maxOutputTokens)
    {
        long characters = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var contents = history[i].Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                characters += contents[j] is TextContent text ? text.Text.Length : 0;
            }
        }

        return (int)Math.Min(int.MaxValue, (characters / CharactersPerToken) + (maxOutputTokens ?? 0) + history.Count);
    }
}
