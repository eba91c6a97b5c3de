namespace Connectors.Custom.Testing;

/// <summary>One message of a chat completions request, as the chat script sees it.</summary>
public sealed class ChatScriptMessage
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptMessage"/> class.</summary>
    /// <param name="role">The <c>role</c> (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>, ...).</param>
    /// <param name="text">The text of <c>content</c>: the string, or the <c>text</c> parts joined; empty when there is none.</param>
    public ChatScriptMessage(string role, string text)
    {
        Role = role;
        Text = text;
    }

    /// <summary>Gets the message role.</summary>
    public string Role { get; }

    /// <summary>Gets the message text (the <c>text</c> parts joined when <c>content</c> is an array).</summary>
    public string Text { get; }
}
