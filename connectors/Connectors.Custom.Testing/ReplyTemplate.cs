using System;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom.Testing;

/// <summary>The placeholders every scripted reply text understands: <c>{user}</c> (the last user message),
/// <c>{result}</c> (the last function result of this turn) and <c>{results}</c> (the turn's function results joined
/// with <c>, </c>, in call order; for a rule that calls functions, only its own).</summary>
internal static class ReplyTemplate
{
    public static string Fill(string template, ChatScriptRequest request, IReadOnlyCollection<string>? functionNames = null)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var filled = template
            .Replace("{result}", request.LastToolResult ?? string.Empty, StringComparison.Ordinal)
            .Replace("{user}", request.LastUserMessage ?? string.Empty, StringComparison.Ordinal);
        return filled.Contains("{results}", StringComparison.Ordinal)
            ? filled.Replace("{results}", string.Join(", ", Results(request, functionNames)), StringComparison.Ordinal)
            : filled;
    }

    /// <summary>The results of the calls made since the last user message (of <paramref name="functionNames"/> only,
    /// when given), in the order the calls were made.</summary>
    private static List<string> Results(ChatScriptRequest request, IReadOnlyCollection<string>? functionNames)
    {
        var results = new List<string>();
        var messages = request.Messages;
        for (var i = request.LastUserIndex + 1; i < messages.Count; i++)
        {
            foreach (var call in messages[i].ToolCalls)
            {
                if (call.Id is not { } id || (functionNames is not null && !functionNames.Any(name => ChatScriptRequest.NameMatches(call.Name, name))))
                {
                    continue;
                }

                for (var j = i + 1; j < messages.Count; j++)
                {
                    if (messages[j].Role == "tool" && messages[j].ToolCallId == id)
                    {
                        results.Add(messages[j].Text);
                        break;
                    }
                }
            }
        }

        return results;
    }
}
