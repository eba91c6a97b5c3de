namespace Connectors.Custom.Testing.Tests;

/// <summary>The script the profile and kernel tests share.</summary>
internal static class Scripts
{
    public const string Reasoning = "First add, then check.";

    public static ScriptedChat Calculator()
    {
        var script = new ScriptedChat();
        script.WhenUserSays("add").CallTool("Add", """{"a":17,"b":25}""");
        script.WhenUserSays("think").Reply("Thought it through.", reasoning: Reasoning);
        script.WhenUserSays("break").Fail("upstream exploded");
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
