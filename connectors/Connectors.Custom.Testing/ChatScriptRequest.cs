using System;
using System.Collections.Generic;
using System.Text;

namespace Connectors.Custom.Testing;

/// <summary>A chat completions request, as the chat script sees it.</summary>
public sealed class ChatScriptRequest
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptRequest"/> class.</summary>
    /// <param name="model">The model the request named (the server's chat model id when it named none).</param>
    /// <param name="messages">The messages, in order.</param>
    /// <param name="stream">Whether the request asked for a stream.</param>
    /// <param name="body">The raw JSON body, for scripts that need more than the messages (tools, settings).</param>
    public ChatScriptRequest(string model, IReadOnlyList<ChatScriptMessage> messages, bool stream, string body)
        : this(model, messages, stream, body, null, null, null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatScriptRequest"/> class.</summary>
    /// <param name="model">The model the request named.</param>
    /// <param name="messages">The messages, in order.</param>
    /// <param name="stream">Whether the request asked for a stream.</param>
    /// <param name="body">The raw JSON body.</param>
    /// <param name="tools">The functions offered in <c>tools</c>, or null for none.</param>
    /// <param name="toolChoice">The <c>tool_choice</c> when it was a string (<c>auto</c>, <c>none</c>,
    /// <c>required</c>, <c>any</c>), <c>function</c> when it named one function, or null when absent.</param>
    /// <param name="forcedToolName">The function <c>tool_choice</c> named, or null.</param>
    /// <param name="responseFormat">The <c>response_format</c>, or null when absent.</param>
    public ChatScriptRequest(
        string model,
        IReadOnlyList<ChatScriptMessage> messages,
        bool stream,
        string body,
        IReadOnlyList<ChatScriptTool>? tools,
        string? toolChoice,
        string? forcedToolName,
        ChatScriptResponseFormat? responseFormat)
    {
        Model = model;
        Messages = messages;
        Stream = stream;
        Body = body;
        Tools = tools ?? Array.Empty<ChatScriptTool>();
        ToolChoice = toolChoice;
        ForcedToolName = forcedToolName;
        ResponseFormat = responseFormat;
    }

    /// <summary>Gets the model the request named.</summary>
    public string Model { get; }

    /// <summary>Gets the messages, in order.</summary>
    public IReadOnlyList<ChatScriptMessage> Messages { get; }

    /// <summary>Gets whether the request asked for a stream.</summary>
    public bool Stream { get; }

    /// <summary>Gets the raw JSON body.</summary>
    public string Body { get; }

    /// <summary>Gets the functions the request offers (empty for none).</summary>
    public IReadOnlyList<ChatScriptTool> Tools { get; }

    /// <summary>Gets the <c>tool_choice</c> (<c>auto</c>, <c>none</c>, <c>required</c>, <c>any</c>, or
    /// <c>function</c> when it named one), or null when the request sent none.</summary>
    public string? ToolChoice { get; }

    /// <summary>Gets the function <c>tool_choice</c> named, or null.</summary>
    public string? ForcedToolName { get; }

    /// <summary>Gets the <c>response_format</c>, or null when the request sent none.</summary>
    public ChatScriptResponseFormat? ResponseFormat { get; }

    /// <summary>Gets whether the answer must be a JSON object (JSON mode or a JSON schema).</summary>
    public bool WantsJson => ResponseFormat?.IsJson == true;

    /// <summary>Gets whether the model may call a function: some are offered and <c>tool_choice</c> is not <c>none</c>.</summary>
    public bool MayCallTools => Tools.Count > 0 && ToolChoice != "none";

    /// <summary>Gets the text of the last <c>user</c> message, or null when there is none.</summary>
    public string? LastUserMessage => LastUserIndex is var index and >= 0 ? Messages[index].Text : null;

    /// <summary>Gets the <c>system</c> and <c>developer</c> messages joined by new lines (empty when there are none).</summary>
    public string SystemPrompt
    {
        get
        {
            var text = new StringBuilder();
            foreach (var message in Messages)
            {
                if (message.Role is "system" or "developer")
                {
                    text.Append(text.Length > 0 ? "\n" : string.Empty).Append(message.Text);
                }
            }

            return text.ToString();
        }
    }

    /// <summary>Gets the text of the last <c>tool</c> message after the last user message (the result of a function
    /// the model called in the current turn), or null when there is none.</summary>
    public string? LastToolResult
    {
        get
        {
            for (var i = Messages.Count - 1; i > LastUserIndex; i--)
            {
                if (Messages[i].Role == "tool")
                {
                    return Messages[i].Text;
                }
            }

            return null;
        }
    }

    /// <summary>Gets the index of the last <c>user</c> message, or -1.</summary>
    internal int LastUserIndex
    {
        get
        {
            for (var i = Messages.Count - 1; i >= 0; i--)
            {
                if (Messages[i].Role == "user")
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Finds an offered function by name: exactly, or by the part after a plugin prefix
    /// (<c>Math-Add</c>, <c>Math_Add</c> and <c>Math.Add</c> all match <c>Add</c>), as Semantic Kernel qualifies names.</summary>
    /// <param name="name">The function name.</param>
    /// <returns>The offered function, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public ChatScriptTool? FindTool(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ChatScriptTool? qualified = null;
        foreach (var tool in Tools)
        {
            if (tool.Name == name)
            {
                return tool;
            }

            if (qualified is null && NameMatches(tool.Name, name))
            {
                qualified = tool;
            }
        }

        return qualified;
    }

    /// <summary>Finds the result of the latest call to <paramref name="name"/> made after the last user message.</summary>
    /// <param name="name">The function name (matched as in <see cref="FindTool"/>).</param>
    /// <returns>The text of the <c>tool</c> message answering it, or null when the function was not called in this turn
    /// or its result has not come back.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public string? FindToolResult(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = LastUserIndex + 1; i < Messages.Count; i++)
        {
            foreach (var call in Messages[i].ToolCalls)
            {
                if (call.Id is { } id && NameMatches(call.Name, name))
                {
                    ids.Add(id);
                }
            }
        }

        for (var i = Messages.Count - 1; i > LastUserIndex; i--)
        {
            if (Messages[i].Role == "tool" && Messages[i].ToolCallId is { } answered && ids.Contains(answered))
            {
                return Messages[i].Text;
            }
        }

        return null;
    }

    /// <summary>Whether an offered or called function name is <paramref name="name"/>, possibly behind a plugin prefix.</summary>
    internal static bool NameMatches(string candidate, string name) =>
        candidate == name
        || (candidate.Length > name.Length
            && candidate.EndsWith(name, StringComparison.Ordinal)
            && candidate[candidate.Length - name.Length - 1] is '-' or '_' or '.');
}
