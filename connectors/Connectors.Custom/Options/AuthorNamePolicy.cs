namespace Connectors.Custom;

/// <summary>
/// Which chat messages may carry the OpenAI <c>name</c> field taken from <c>ChatMessage.AuthorName</c>.
/// </summary>
/// <remarks>
/// Several OpenAI-compatible providers reject <c>name</c> on some roles: Groq rejects it on every message,
/// Mistral accepts it only on tool messages. Sending it only where a provider accepts it avoids HTTP 400 responses.
/// </remarks>
public enum AuthorNamePolicy
{
    /// <summary>Send <c>name</c> on user messages only (the default: accepted by OpenAI and most compatible servers).</summary>
    UserMessagesOnly = 0,

    /// <summary>Never send <c>name</c>.</summary>
    Never = 1,

    /// <summary>Send <c>name</c> on every message that has an author name.</summary>
    AllMessages = 2,
}
