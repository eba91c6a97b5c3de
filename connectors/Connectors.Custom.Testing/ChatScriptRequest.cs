using System.Collections.Generic;

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
    {
        Model = model;
        Messages = messages;
        Stream = stream;
        Body = body;
    }

    /// <summary>Gets the model the request named.</summary>
    public string Model { get; }

    /// <summary>Gets the messages, in order.</summary>
    public IReadOnlyList<ChatScriptMessage> Messages { get; }

    /// <summary>Gets whether the request asked for a stream.</summary>
    public bool Stream { get; }

    /// <summary>Gets the raw JSON body.</summary>
    public string Body { get; }

    /// <summary>Gets the text of the last <c>user</c> message, or null when there is none.</summary>
    public string? LastUserMessage
    {
        get
        {
            for (var i = Messages.Count - 1; i >= 0; i--)
            {
                if (Messages[i].Role == "user")
                {
                    return Messages[i].Text;
                }
            }

            return null;
        }
    }
}
