using Connectors.Custom.Testing;
using Connectors.Custom.Testing.Tests;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The guided tour, offline and against an endpoint.</summary>
public sealed class DemoCommandTests
{
    [MiniLmFact]
    public async Task Demo_Offline_RunsEveryStepAgainstTheLabelledScriptedModel()
    {
        var run = await Cli.RunAsync(["demo"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.Output;
        Assert.Contains("offline", output, StringComparison.Ordinal);
        Assert.Contains("not a language model", output, StringComparison.Ordinal);
        Assert.Contains("all-MiniLM-L6-v2", output, StringComparison.Ordinal);
        foreach (var step in (string[])["1. chat", "2. streaming", "3. tool calling", "4. two-agent workflow", "5. retrieval", "Summary"])
        {
            Assert.Contains(step, output, StringComparison.Ordinal);
        }

        Assert.Contains("Semantic Kernel is Microsoft's open-source SDK", output, StringComparison.Ordinal);
        Assert.Contains("1, 2, 3, 4, 5.", output, StringComparison.Ordinal);
        Assert.Contains("Add(17, 25) = 42", output, StringComparison.Ordinal);
        Assert.Contains("17 + 25 = 42.", output, StringComparison.Ordinal);
        Assert.Contains("Strength: the draft (\"Connectors.Custom lets Semantic Kernel", output, StringComparison.Ordinal);
        Assert.Contains("According to the retrieved document: When a provider answers 429 or", output, StringComparison.Ordinal);
        Assert.Contains("$0.000000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("n/a", output, StringComparison.Ordinal);
        Assert.Matches(@"first token after \d+ ms", output);
        Assert.Contains("Embedding model loaded in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithAnEndpointButNoEmbeddingModel_SkipsRetrieval()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var run = await Cli.RunAsync(["demo", "--endpoint", server.BaseAddress.ToString(), "--model", "any-model"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("skipped: no embedding model", run.Output, StringComparison.Ordinal);
        Assert.Contains("Echo: In one sentence: what is Semantic Kernel?", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, server.Statistics.Embeddings);
    }
}
