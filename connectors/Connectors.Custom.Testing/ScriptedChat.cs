using System;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>
/// The local server's scripted chat model (<c>local-scripted</c>): a deterministic stand-in, not a language model.
/// Rules map requests to replies; a request no rule answers gets <c>Echo: &lt;last user message&gt;</c>, or, when it
/// asks for JSON (<c>response_format</c> <c>json_object</c> or <c>json_schema</c>), a small valid JSON object.
/// </summary>
/// <remarks>
/// <para>Rules are tried in the order they were added; the first that answers wins. A rule that calls a function
/// answers only when the request offers that function (and <c>tool_choice</c> is not <c>none</c>); once the result
/// comes back in a later request of the same turn, the same rule answers with its <see cref="ScriptedToolRule.ThenReply(string)"/>
/// text instead, so automatic function calling and agents run end to end.</para>
/// <para>Reply texts (<see cref="ScriptedChatRule.Reply(string, string?)"/>, <see cref="ScriptedToolRule.ThenReply(string)"/>)
/// understand the same placeholders: <c>{user}</c> for the last user message, <c>{result}</c> for the last function
/// result of the turn, <c>{results}</c> for the turn's results joined with <c>, </c>.</para>
/// <para>A rule takes part once it is complete: <see cref="When"/> alone adds nothing, and a script with a
/// <see cref="When"/> that was never given a reply is an error (at <see cref="LocalOpenAIServer.StartAsync"/>, and for
/// each request while it lasts). Changing a function-calling rule (<see cref="ScriptedToolRule.AndCallTool"/>,
/// <see cref="ScriptedToolRule.ThenReply(string)"/>) publishes a new, complete version of it in its place.</para>
/// <para>Thread-safe: rules may be added while a server is answering (each request sees the rules added before it);
/// the server shares this object rather than copying it.</para>
/// </remarks>
/// <example>
/// <code>
/// var script = new ScriptedChat();
/// script.WhenUserSays("weather").CallTool("GetWeather", """{"city":"Paris"}""").ThenReply("The weather is {result}.");
/// script.WhenUserSays("hello").Reply("Hi! I am a scripted model.");
/// await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
/// </code>
/// </example>
public sealed class ScriptedChat : IChatScript
{
    private IChatScriptRule[] _rules = [];
    private Func<ChatScriptRequest, ChatReply>? _otherwise;
    private int _incomplete;

    /// <summary>Starts a rule that applies when <paramref name="condition"/> holds for a request.</summary>
    /// <param name="condition">Decides whether the rule applies; called concurrently, so it must be thread-safe.</param>
    /// <returns>The rule, to give its reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> is null.</exception>
    public ScriptedChatRule When(Func<ChatScriptRequest, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Interlocked.Increment(ref _incomplete);
        return new ScriptedChatRule(this, condition);
    }

    /// <summary>Starts a rule that applies when the last user message contains <paramref name="fragment"/>
    /// (ignoring case).</summary>
    /// <param name="fragment">The text to look for.</param>
    /// <returns>The rule, to give its reply.</returns>
    /// <exception cref="ArgumentException"><paramref name="fragment"/> is empty.</exception>
    public ScriptedChatRule WhenUserSays(string fragment)
    {
        ArgumentException.ThrowIfNullOrEmpty(fragment);
        return When(request => request.LastUserMessage?.Contains(fragment, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Replaces the answer to requests no rule answers (the echo, or JSON when JSON is asked for).</summary>
    /// <param name="reply">The reply for such requests.</param>
    /// <returns>This script, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reply"/> is null.</exception>
    public ScriptedChat Otherwise(Func<ChatScriptRequest, ChatReply> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _otherwise = reply;
        return this;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A rule was started with <see cref="When"/> (or
    /// <see cref="WhenUserSays"/>) but never given a reply.</exception>
    public ChatReply Reply(ChatScriptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfIncomplete();
        foreach (var rule in Volatile.Read(ref _rules))
        {
            if (rule.TryReply(request) is { } reply)
            {
                return reply;
            }
        }

        if (_otherwise is { } otherwise)
        {
            return otherwise(request);
        }

        return request.WantsJson ? new ChatReply(JsonModeReply.Create(request)) : EchoChatScript.Instance.Reply(request);
    }

    /// <summary>Throws when a rule was started but never given a reply: it would otherwise silently never answer.</summary>
    internal void ThrowIfIncomplete()
    {
        if (Volatile.Read(ref _incomplete) is var count and > 0)
        {
            throw new InvalidOperationException($"The ScriptedChat has {count} rule(s) started with When(...) or WhenUserSays(...) but given no reply; finish each with Reply, Respond, Fail or CallTool.");
        }
    }

    /// <summary>Marks a rule started by <see cref="When"/> as given its reply.</summary>
    internal void Complete() => Interlocked.Decrement(ref _incomplete);

    /// <summary>Adds a complete rule, copying the array so that readers never lock.</summary>
    internal void Add(IChatScriptRule rule) => Update(rules => [.. rules, rule]);

    /// <summary>Puts <paramref name="updated"/> where <paramref name="current"/> is: a changed rule is published whole.</summary>
    internal void Replace(IChatScriptRule current, IChatScriptRule updated) =>
        Update(rules => Array.ConvertAll(rules, rule => ReferenceEquals(rule, current) ? updated : rule));

    private void Update(Func<IChatScriptRule[], IChatScriptRule[]> change)
    {
        IChatScriptRule[] current, updated;
        do
        {
            current = Volatile.Read(ref _rules);
            updated = change(current);
        }
        while (Interlocked.CompareExchange(ref _rules, updated, current) != current);
    }
}
