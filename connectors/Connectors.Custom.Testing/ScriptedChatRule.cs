using System;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>A rule of a <see cref="ScriptedChat"/> whose condition is set: give it its reply. The rule takes part
/// once one of these methods has been called; until then the script refuses to answer (see <see cref="ScriptedChat"/>).</summary>
public sealed class ScriptedChatRule
{
    private readonly ScriptedChat _script;
    private readonly Func<ChatScriptRequest, bool> _condition;
    private int _completed;

    internal ScriptedChatRule(ScriptedChat script, Func<ChatScriptRequest, bool> condition)
    {
        _script = script;
        _condition = condition;
    }

    /// <summary>Answers with text, filling in the placeholders <c>{user}</c>, <c>{result}</c> and <c>{results}</c>
    /// (see <see cref="ScriptedChat"/>).</summary>
    /// <param name="text">The answer.</param>
    /// <param name="reasoning">Reasoning sent before it (in profiles that carry reasoning), or null; placeholders
    /// are filled in here too.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public ScriptedChat Reply(string text, string? reasoning = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Respond(request => new ChatReply(ReplyTemplate.Fill(text, request)) { Reasoning = reasoning is null ? null : ReplyTemplate.Fill(reasoning, request) });
    }

    /// <summary>Answers with text computed from the request.</summary>
    /// <param name="text">Computes the answer; called concurrently.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public ScriptedChat Reply(Func<ChatScriptRequest, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Respond(request => new ChatReply(text(request)));
    }

    /// <summary>Answers with a reply computed from the request (text, reasoning, calls or a failure).</summary>
    /// <param name="reply">Computes the reply; called concurrently.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reply"/> is null.</exception>
    public ScriptedChat Respond(Func<ChatScriptRequest, ChatReply> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _script.Add(new Rule(_condition, reply));
        MarkComplete();
        return _script;
    }

    /// <summary>Fails the request (see <see cref="ChatReply.Fail"/>).</summary>
    /// <param name="message">The error message.</param>
    /// <param name="statusCode">The HTTP status for non-streamed requests; 500 by default.</param>
    /// <returns>The script, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, or the status is not 4xx or 5xx.</exception>
    public ScriptedChat Fail(string message, int statusCode = 500)
    {
        var reply = ChatReply.Fail(message, statusCode);
        return Respond(_ => reply);
    }

    /// <summary>Calls a function when the request offers it; answers with <see cref="ScriptedToolRule.ThenReply(string)"/>
    /// once its result has come back.</summary>
    /// <param name="name">The function name; an offered <c>Plugin-name</c>, <c>Plugin_name</c> or <c>Plugin.name</c>
    /// matches too, and the call uses the offered name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object, for example <c>{"a":17,"b":25}</c>.</param>
    /// <returns>The tool rule, to add calls or set the answer after the result.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsJson"/> is null.</exception>
    public ScriptedToolRule CallTool(string name, string argumentsJson)
    {
        var rule = new ScriptedToolRule(_script, _condition, new ChatScriptToolCall(name, argumentsJson));
        MarkComplete();
        return rule;
    }

    /// <summary>Counts this rule as complete once, however many replies it is given.</summary>
    private void MarkComplete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _script.Complete();
        }
    }

    private sealed class Rule(Func<ChatScriptRequest, bool> condition, Func<ChatScriptRequest, ChatReply> reply) : IChatScriptRule
    {
        public ChatReply? TryReply(ChatScriptRequest request) => condition(request) ? reply(request) : null;
    }
}
