using System;

namespace Connectors.Custom.Testing;

/// <summary>Chat scripts from plain functions, for behaviour that rules do not express.</summary>
/// <example>
/// <code>
/// var options = new LocalServerOptions
/// {
///     ChatScript = ChatScript.From(request => request.Tools.Count > 0
///         ? ChatReply.CallTools(new ChatScriptToolCall(request.Tools[0].Name, "{}"))
///         : new ChatReply("No tools offered.")),
/// };
/// </code>
/// </example>
public static class ChatScript
{
    /// <summary>Creates a script that answers every request with what <paramref name="reply"/> returns.</summary>
    /// <param name="reply">Maps a request to the reply; called concurrently, so it must be thread-safe. A thrown
    /// exception is answered with HTTP 500 naming it.</param>
    /// <returns>The script.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reply"/> is null.</exception>
    public static IChatScript From(Func<ChatScriptRequest, ChatReply> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new FunctionScript(reply);
    }

    /// <summary>Creates a script that answers every request with the text <paramref name="text"/> returns.</summary>
    /// <param name="text">Maps a request to the answer's text; called concurrently.</param>
    /// <returns>The script.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IChatScript From(Func<ChatScriptRequest, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FunctionScript(request => new ChatReply(text(request)));
    }

    private sealed class FunctionScript(Func<ChatScriptRequest, ChatReply> reply) : IChatScript
    {
        public ChatReply Reply(ChatScriptRequest request)
        {
            ArgumentNullException.ThrowIfNull(request);
            return reply(request);
        }
    }
}
