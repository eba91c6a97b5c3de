using System;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom.Testing;

/// <summary>A <see cref="ScriptedChat"/> rule that calls functions, and answers once their results are back.</summary>
/// <remarks>When its condition holds: if a result of one of its calls has come back since the last user message, it
/// answers with the <see cref="ThenReply(string)"/> text; otherwise, if the request offers every function it calls and
/// <c>tool_choice</c> allows calls, it makes the calls; otherwise it does not apply.</remarks>
public sealed class ScriptedToolRule : IChatScriptRule
{
    /// <summary>The answer after the result when none is set: <c>The result is {result}</c>.</summary>
    public const string DefaultAnswer = "The result is {result}";

    private readonly ScriptedChat _script;
    private readonly Func<ChatScriptRequest, bool> _condition;
    private readonly List<ChatScriptToolCall> _calls = [];
    private Func<ChatScriptRequest, string> _answer;

    internal ScriptedToolRule(ScriptedChat script, Func<ChatScriptRequest, bool> condition, ChatScriptToolCall call)
    {
        _script = script;
        _condition = condition;
        _calls.Add(call);
        _answer = request => Fill(DefaultAnswer, request);
    }

    /// <summary>Makes another call in the same reply (parallel function calls).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object.</param>
    /// <returns>This rule.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsJson"/> is null.</exception>
    public ScriptedToolRule AndCallTool(string name, string argumentsJson)
    {
        var call = new ChatScriptToolCall(name, argumentsJson);
        lock (_calls)
        {
            _calls.Add(call);
        }

        return this;
    }

    /// <summary>Sets the answer once the results are back. <c>{result}</c> stands for the last function result,
    /// <c>{results}</c> for all of this rule's results joined with <c>, </c> (in call order), and <c>{user}</c> for the
    /// last user message.</summary>
    /// <param name="template">The answer.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    public ScriptedChat ThenReply(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _answer = request => Fill(template, request);
        return _script;
    }

    /// <summary>Sets the answer once the results are back, computed from the request
    /// (<see cref="ChatScriptRequest.LastToolResult"/>, <see cref="ChatScriptRequest.FindToolResult"/>).</summary>
    /// <param name="answer">Computes the answer; called concurrently.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public ScriptedChat ThenReply(Func<ChatScriptRequest, string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _answer = answer;
        return _script;
    }

    /// <inheritdoc />
    ChatReply? IChatScriptRule.TryReply(ChatScriptRequest request)
    {
        if (!_condition(request))
        {
            return null;
        }

        ChatScriptToolCall[] calls;
        lock (_calls)
        {
            calls = [.. _calls];
        }

        if (calls.Any(call => request.FindToolResult(call.Name) is not null))
        {
            return new ChatReply(_answer(request));
        }

        if (!request.MayCallTools)
        {
            return null;
        }

        var resolved = new ChatScriptToolCall[calls.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            if (request.FindTool(calls[i].Name) is not { } offered
                || (request.ForcedToolName is { } forced && forced != offered.Name))
            {
                return null;
            }

            resolved[i] = new ChatScriptToolCall(offered.Name, calls[i].ArgumentsJson);
        }

        return ChatReply.CallTools(resolved);
    }

    /// <summary>The results of this rule's calls made since the last user message, in the order they were made.</summary>
    private List<string> Results(ChatScriptRequest request)
    {
        string[] names;
        lock (_calls)
        {
            names = [.. _calls.Select(call => call.Name).Distinct(StringComparer.Ordinal)];
        }

        var results = new List<string>();
        var messages = request.Messages;
        for (var i = request.LastUserIndex + 1; i < messages.Count; i++)
        {
            foreach (var call in messages[i].ToolCalls)
            {
                if (call.Id is not { } id || !names.Any(name => ChatScriptRequest.NameMatches(call.Name, name)))
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

    private string Fill(string template, ChatScriptRequest request)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        return template
            .Replace("{result}", request.LastToolResult ?? string.Empty, StringComparison.Ordinal)
            .Replace("{results}", string.Join(", ", Results(request)), StringComparison.Ordinal)
            .Replace("{user}", request.LastUserMessage ?? string.Empty, StringComparison.Ordinal);
    }
}
