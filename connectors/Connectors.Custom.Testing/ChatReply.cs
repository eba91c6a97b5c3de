using System;

namespace Connectors.Custom.Testing;

/// <summary>What the local chat model answers to one request.</summary>
public sealed class ChatReply
{
    /// <summary>Initializes a new instance of the <see cref="ChatReply"/> class.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <param name="finishReason">The <c>finish_reason</c> to report; <c>stop</c> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="finishReason"/> is empty.</exception>
    public ChatReply(string text, string finishReason = "stop")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(finishReason);
        Text = text;
        FinishReason = finishReason;
    }

    /// <summary>Gets the assistant's text.</summary>
    public string Text { get; }

    /// <summary>Gets the <c>finish_reason</c> reported with the reply.</summary>
    public string FinishReason { get; }
}
