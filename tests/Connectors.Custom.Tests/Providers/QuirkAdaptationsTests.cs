namespace Connectors.Custom.Tests.Providers;

/// <summary>Learned adaptations travel between instances as words: each one an instance learns is rebuilt by the
/// other from its own configured profile.</summary>
public sealed class QuirkAdaptationsTests
{
    [Fact]
    public void EveryLearnableAdaptation_RoundTrips()
    {
        var configured = new CustomQuirkProfile { MaxTokensParameter = MaxTokensParameter.MaxTokens };
        configured.DroppedParameters.Add("user");
        var adapted = configured.Clone();
        adapted.ToolSchemaFeatures = ToolSchemaFeatures.None;
        adapted.SupportsToolCallsWhenStreaming = false;
        adapted.SupportsStreamOptions = false;
        adapted.MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens;
        adapted.ToolCallIdFormat = ToolCallIdFormat.NineAlphanumerics;
        adapted.DroppedParameters.Add("seed");

        var words = QuirkAdaptations.Between(configured, adapted);
        var rebuilt = QuirkAdaptations.Apply(configured, words);

        Assert.Equal(6, words.Count);
        Assert.DoesNotContain("drop=user", words);
        Assert.Equal(ToolSchemaFeatures.None, rebuilt.ToolSchemaFeatures);
        Assert.False(rebuilt.SupportsToolCallsWhenStreaming);
        Assert.False(rebuilt.SupportsStreamOptions);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, rebuilt.MaxTokensParameter);
        Assert.Equal(ToolCallIdFormat.NineAlphanumerics, rebuilt.ToolCallIdFormat);
        Assert.Equal(["user", "seed"], rebuilt.DroppedParameters);
        Assert.Empty(QuirkAdaptations.Between(configured, rebuilt).Except(words));
    }

    [Fact]
    public void UnknownWords_AndNothingLearned_LeaveTheConfiguredProfile()
    {
        var configured = new CustomQuirkProfile();

        var rebuilt = QuirkAdaptations.Apply(configured, ["learned_by_a_newer_version=yes", "drop="]);

        Assert.Empty(QuirkAdaptations.Between(configured, rebuilt));
        Assert.Empty(QuirkAdaptations.Between(configured, configured.Clone()));
    }
}
