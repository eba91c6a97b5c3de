namespace Connectors.Custom;

/// <summary>Which of the two OpenAI-compatible chat APIs a chat connector speaks.</summary>
public enum ChatApi
{
    /// <summary><c>/chat/completions</c> (the default): served by every OpenAI-compatible server.</summary>
    ChatCompletions = 0,

    /// <summary><c>/responses</c>, the Responses API: stateless by default (every request carries the whole
    /// conversation, <c>store: false</c>); see <see cref="CustomChatCompletionOptions.UseServerState"/> and
    /// <see cref="CustomQuirkProfile.Responses"/> for which servers serve it and keep state.</summary>
    Responses = 1,
}
