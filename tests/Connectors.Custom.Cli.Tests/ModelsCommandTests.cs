using System.Text.Json;
using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The models command: a table or JSON on standard output, the count on standard error, exit code 1 for an
/// answer that is not a model list.</summary>
public sealed class ModelsCommandTests
{
    [Fact]
    public async Task WithoutAnEndpoint_ListsTheLocalServersModels()
    {
        var run = await Cli.RunAsync(["models"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(LocalServerOptions.DefaultChatModelId, run.Output, StringComparison.Ordinal);
        Assert.Contains(LocalServerOptions.DefaultEmbeddingModelId, run.Output, StringComparison.Ordinal);
        Assert.Contains("connectors-custom-testing", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 models at http://127.0.0.1:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_PrintsOneArrayWithTheContextLengthTheServerReports_AndSaysWhetherTheModelIsListed()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = WireProfile.Vllm, ChatModelId = "Qwen/Qwen3-8B" });

        var listed = await Cli.RunAsync(["models", "--endpoint", server.BaseAddress.ToString(), "--json", "--model", "Qwen/Qwen3-8B"]);
        var missing = await Cli.RunAsync(["models", "--endpoint", server.BaseAddress.ToString(), "--json"], environment: new Dictionary<string, string> { ["CUSTOM_MODEL"] = "llama3" });

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var models = JsonDocument.Parse(listed.Output).RootElement;
        Assert.Equal(2, models.GetArrayLength());
        Assert.Equal("Qwen/Qwen3-8B", models[0].GetProperty("id").GetString());
        Assert.Equal("vllm", models[0].GetProperty("ownedBy").GetString());
        Assert.Equal(32768, models[0].GetProperty("contextLength").GetInt32());
        Assert.True(models[0].GetProperty("created").GetInt64() > 0);
        Assert.Contains("'Qwen/Qwen3-8B' is listed", listed.Error, StringComparison.Ordinal);
        Assert.Contains("'llama3' is not listed", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorSentWithASuccessStatus_ExitsWith1_WithTheServersText()
    {
        // LM Studio answers an unknown route, here a doubled /v1, with HTTP 200 and {"error": "..."}.
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = WireProfile.LMStudio });

        var run = await Cli.RunAsync(["models", "--endpoint", server.BaseAddress + "/v1", "--retries", "0"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("The endpoint failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("/v1/v1/models", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }
}
