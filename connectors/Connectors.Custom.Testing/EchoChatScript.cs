using System;

namespace Connectors.Custom.Testing;

/// <summary>The plainest chat script, a clearly labelled stand-in for a model: it answers
/// <c>Echo: &lt;last user message&gt;</c>, or <c>Echo:</c> alone when there is no user message, whatever the request
/// asks for. <see cref="ScriptedChat"/> (the default) answers the same to requests none of its rules match, except that
/// it replies with JSON when JSON is asked for. Internal: a <see cref="ScriptedChat"/> without rules is the echo a user
/// asks for, so nobody needs to name this one.</summary>
internal sealed class EchoChatScript : IChatScript
{
    /// <summary>The prefix of every reply.</summary>
    public const string Prefix = "Echo: ";

    private EchoChatScript()
    {
    }

    /// <summary>Gets the one instance (the script has no state).</summary>
    public static EchoChatScript Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public ChatReply Reply(ChatScriptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ChatReply(request.LastUserMessage is { Length: > 0 } text ? Prefix + text : Prefix.TrimEnd());
    }
}
