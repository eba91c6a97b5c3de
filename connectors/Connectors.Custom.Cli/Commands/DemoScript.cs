using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The rules of the offline model: fixed answers to the demo's prompts, a real function call for the tool step,
/// and answers built from what the request carries (the writer's draft, the retrieved document). Anything else is echoed.</summary>
internal static class DemoScript
{
    public static ScriptedChat Create()
    {
        var script = new ScriptedChat();
        script.WhenUserSays(DemoPrompts.Chat).Reply("Semantic Kernel is Microsoft's open-source SDK for building AI agents: it connects models, plugins and memory in .NET, Python and Java apps.");
        script.WhenUserSays(DemoPrompts.Stream).Reply("1, 2, 3, 4, 5.");
        script.WhenUserSays(DemoPrompts.Tool).CallTool("Add", """{"a":17,"b":25}""").ThenReply("17 + 25 = {result}.");
        script.When(r => r.SystemPrompt.Contains("technical writer", StringComparison.Ordinal))
            .Reply("Connectors.Custom lets Semantic Kernel talk to any OpenAI-compatible endpoint, from Ollama on your laptop to DeepSeek or Groq in the cloud. Retries, failover, streaming and cost tracking come built in.");
        script.When(r => r.SystemPrompt.Contains("strict reviewer", StringComparison.Ordinal)).Reply(Review);
        script.When(r => r.LastUserMessage?.StartsWith(DemoPrompts.ContextPrefix, StringComparison.Ordinal) == true).Reply(Answer);
        return script;
    }

    /// <summary>Quotes the draft it was given, so the tour shows that the reviewer received the writer's output.</summary>
    private static string Review(ChatScriptRequest request)
    {
        var draft = (request.LastUserMessage ?? string.Empty).Replace(DemoPrompts.ReviewerTaskPrefix, string.Empty, StringComparison.Ordinal).Trim();
        var words = draft.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var opening = string.Join(' ', words.Take(6));
        return $"Strength: the draft (\"{opening}…\", {words.Length} words) names real providers. Improvement: end with how to install it.";
    }

    /// <summary>Answers from the retrieved context, the way a grounded model would.</summary>
    private static string Answer(ChatScriptRequest request)
    {
        var text = request.LastUserMessage ?? string.Empty;
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var context = (end < 0 ? text : text[..end])[DemoPrompts.ContextPrefix.Length..].Trim();
        return $"According to the retrieved document: {context}";
    }
}
