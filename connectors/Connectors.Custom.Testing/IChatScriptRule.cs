namespace Connectors.Custom.Testing;

/// <summary>One rule of a <see cref="ScriptedChat"/>.</summary>
internal interface IChatScriptRule
{
    /// <summary>Answers the request, or returns null when the rule does not apply to it.</summary>
    ChatReply? TryReply(ChatScriptRequest request);
}
