using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Caps the tools offered in one request (<see cref="CustomChatCompletionOptions.MaxToolsPerRequest"/>), so a large MCP
/// server does not drown a small model. The rule, in priority order: the function the tool mode requires; functions
/// the model already called since the last user message (a tool loop keeps its tools); functions the last user
/// message names (by full name or by the name after a plugin prefix such as <c>Weather_</c>), in the order it names
/// them; then the rest in the order the caller (or SK's function filter) listed them. The chosen tools are sent in
/// the caller's order, so the prompt stays the same from one round to the next.
/// </summary>
internal static class ToolSelection
{
    /// <summary>Returns <paramref name="options"/> itself when no cap applies, or a copy offering the chosen tools.</summary>
    public static ChatOptions? Apply(ChatOptions? options, IReadOnlyList<ChatMessage> messages, int? maxTools)
    {
        if (maxTools is not { } max || options?.Tools is not { } tools || tools.Count <= max)
        {
            return options;
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Priorities(options, messages, tools))
        {
            if (chosen.Count == max)
            {
                break;
            }

            chosen.Add(name);
        }

        var copy = options.Clone();
        copy.Tools = tools.Where(t => chosen.Contains(t.Name)).ToList();
        return copy;
    }

    private static IEnumerable<string> Priorities(ChatOptions options, IReadOnlyList<ChatMessage> messages, IList<AITool> tools)
    {
        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } required })
        {
            yield return required;
        }

        var lastUser = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        for (var i = lastUser + 1; i < messages.Count; i++)
        {
            foreach (var call in messages[i].Contents.OfType<FunctionCallContent>())
            {
                yield return call.Name;
            }
        }

        if (lastUser >= 0 && messages[lastUser].Text is { Length: > 0 } prompt)
        {
            var named = new List<(int Position, string Name)>();
            foreach (var tool in tools)
            {
                if (FirstMention(prompt, tool.Name) is { } position)
                {
                    named.Add((position, tool.Name));
                }
            }

            foreach (var (_, name) in named.OrderBy(n => n.Position))
            {
                yield return name;
            }
        }

        foreach (var tool in tools)
        {
            yield return tool.Name;
        }
    }

    /// <summary>Where the prompt first names the function as a word, by its full name or the part after a plugin prefix.</summary>
    private static int? FirstMention(string prompt, string name)
    {
        var separator = name.LastIndexOfAny(['_', '-', '.']);
        int? best = null;
        foreach (var candidate in separator > 0 && separator < name.Length - 1 ? [name, name[(separator + 1)..]] : new[] { name })
        {
            for (var index = prompt.IndexOf(candidate, StringComparison.OrdinalIgnoreCase); index >= 0; index = prompt.IndexOf(candidate, index + 1, StringComparison.OrdinalIgnoreCase))
            {
                // As a word only: 'add' is not named by 'address'.
                var end = index + candidate.Length;
                if ((index == 0 || !char.IsLetterOrDigit(prompt[index - 1])) && (end == prompt.Length || !char.IsLetterOrDigit(prompt[end])))
                {
                    best = best is null ? index : Math.Min(best.Value, index);
                    break;
                }
            }
        }

        return best;
    }
}
