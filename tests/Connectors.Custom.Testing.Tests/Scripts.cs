namespace Connectors.Custom.Testing.Tests;

/// <summary>The script the profile and kernel tests share.</summary>
internal static class Scripts
{
    public const string Reasoning = "First add, then check.";

    /// <summary>The prompt <see cref="Calculator"/> fails with HTTP 500 and <see cref="FailureMessage"/>.</summary>
    public const string FailingPrompt = "break";

    public const string FailureMessage = "upstream exploded";

    public static ScriptedChat Calculator()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("add").CallTool("Add", """{"a":17,"b":25}""");
        script.WhenUserSays("think").Reply("Thought it through.", reasoning: Reasoning);
        script.WhenUserSays(FailingPrompt).Fail(FailureMessage, statusCode: 500);
        return script;
    }

    public static Task<LocalOpenAIServer> StartAsync(WireProfile profile) =>
        LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = Calculator(), WireProfile = profile });

    public static IEnumerable<object[]> AllProfiles() => Enum.GetValues<WireProfile>().Select(p => new object[] { p });

    public static IEnumerable<object[]> AllProfilesStreamedAndNot() =>
        Enum.GetValues<WireProfile>().SelectMany(p => new[] { new object[] { p, false }, new object[] { p, true } });

    /// <summary>Profiles that carry reasoning (OpenAI and Mistral have no reasoning field).</summary>
    public static IEnumerable<object[]> ReasoningProfiles() =>
        Enum.GetValues<WireProfile>().Where(p => p is not (WireProfile.OpenAI or WireProfile.Mistral)).SelectMany(p => new[] { new object[] { p, false }, new object[] { p, true } });
}
