using System;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>One message of a chat completions request, as the chat script sees it.</summary>
public sealed class ChatScriptMessage
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptMessage"/> class.</summary>
    /// <param name="role">The <c>role</c> (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>, ...).</param>
    /// <param name="text">The text of <c>content</c>: the string, or the <c>text</c> parts joined; empty when there is none.</param>
    public ChatScriptMessage(string role, string text)
        : this(role, text, null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatScriptMessage"/> class.</summary>
    /// <param name="role">The <c>role</c>.</param>
    /// <param name="text">The text of <c>content</c>; empty when there is none.</param>
    /// <param name="toolCallId">The <c>tool_call_id</c> of a <c>tool</c> message, or null.</param>
    /// <param name="toolCalls">The <c>tool_calls</c> of an <c>assistant</c> message, or null for none.</param>
    public ChatScriptMessage(string role, string text, string? toolCallId, IReadOnlyList<ChatScriptToolCall>? toolCalls)
    {
        Role = role;
        Text = text;
        ToolCallId = toolCallId;
        ToolCalls = toolCalls ?? Array.Empty<ChatScriptToolCall>();
    }

    /// <summary>Gets the message role.</summary>
    public string Role { get; }

    /// <summary>Gets the message text (the <c>text</c> parts joined when <c>content</c> is an array).</summary>
    public string Text { get; }

    /// <summary>Gets the id of the call a <c>tool</c> message answers, or null.</summary>
    public string? ToolCallId { get; }

    /// <summary>Gets the function calls an <c>assistant</c> message made (empty for none).</summary>
    public IReadOnlyList<ChatScriptToolCall> ToolCalls { get; }
}
