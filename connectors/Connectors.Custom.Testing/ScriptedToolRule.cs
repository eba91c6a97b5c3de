using System;
using System.Linq;

namespace Connectors.Custom.Testing;

/// <summary>A <see cref="ScriptedChat"/> rule that calls functions, and answers once their results are back.</summary>
/// <remarks>
/// <para>When its condition holds: if a result of one of its calls has come back since the last user message, it
/// answers with the <see cref="ThenReply(string)"/> text; otherwise, if the request offers every function it calls and
/// <c>tool_choice</c> allows calls, it makes the calls; otherwise it does not apply.</para>
/// <para>The rule is registered complete as soon as it is created (with <see cref="DefaultAnswer"/>); each later
/// <see cref="AndCallTool"/> or <see cref="ThenReply(string)"/> publishes a new complete version in its place, so a
/// request never sees a rule half changed.</para>
/// </remarks>
public sealed class ScriptedToolRule
{
    /// <summary>The answer after the result when none is set: <c>The result is {result}</c>.</summary>
    public const string DefaultAnswer = "The result is {result}";

    private readonly ScriptedChat _script;
    private readonly object _gate = new();
    private Definition _current;

    internal ScriptedToolRule(ScriptedChat script, Func<ChatScriptRequest, bool> condition, ChatScriptToolCall call)
    {
        _script = script;
        _current = new Definition(condition, [call], DefaultAnswer, null);
        script.Add(_current);
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
        Publish(current => current with { Calls = [.. current.Calls, call] });
        return this;
    }

    /// <summary>Sets the answer once the results are back, filling in the placeholders: <c>{result}</c> for the last
    /// function result, <c>{results}</c> for all of this rule's results joined with <c>, </c> (in call order), and
    /// <c>{user}</c> for the last user message.</summary>
    /// <param name="template">The answer.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    public ScriptedChat ThenReply(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Publish(current => current with { Template = template, Compute = null });
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
        Publish(current => current with { Template = null, Compute = answer });
        return _script;
    }

    private void Publish(Func<Definition, Definition> change)
    {
        lock (_gate)
        {
            var updated = change(_current);
            _script.Replace(_current, updated);
            _current = updated;
        }
    }

    /// <summary>One complete, immutable version of the rule, as the script holds it.</summary>
    /// <param name="Condition">When the rule applies.</param>
    /// <param name="Calls">The calls it makes, in order.</param>
    /// <param name="Template">The answer after the results, with placeholders; or null when <paramref name="Compute"/> is set.</param>
    /// <param name="Compute">Computes the answer after the results, or null.</param>
    private sealed record Definition(Func<ChatScriptRequest, bool> Condition, ChatScriptToolCall[] Calls, string? Template, Func<ChatScriptRequest, string>? Compute) : IChatScriptRule
    {
        public ChatReply? TryReply(ChatScriptRequest request)
        {
            if (!Condition(request))
            {
                return null;
            }

            if (Calls.Any(call => request.FindToolResult(call.Name) is not null))
            {
                return new ChatReply(Compute?.Invoke(request) ?? ReplyTemplate.Fill(Template ?? DefaultAnswer, request, Array.ConvertAll(Calls, call => call.Name)));
            }

            if (!request.MayCallTools)
            {
                return null;
            }

            var resolved = new ChatScriptToolCall[Calls.Length];
            for (var i = 0; i < Calls.Length; i++)
            {
                if (request.FindTool(Calls[i].Name) is not { } offered
                    || (request.ForcedToolName is { } forced && forced != offered.Name))
                {
                    return null;
                }

                resolved[i] = new ChatScriptToolCall(offered.Name, Calls[i].ArgumentsJson);
            }

            return ChatReply.CallTools(resolved);
        }
    }
}
