using System.Text.Json;
using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Tests;

/// <summary>Chat, and where the endpoint settings and the API key come from.</summary>
public sealed class ChatCommandTests
{
    [Fact]
    public async Task Chat_PipedInput_StreamsAnswersWithHistory_AndStopsAtExit()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var run = await Cli.RunAsync(
            ["chat", "--endpoint", server.BaseAddress.ToString(), "--model", "local-scripted", "--system", "Be brief."],
            "hello\n\nsecond question\n/exit\nnever sent\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["Echo: hello", "Echo: second question"], run.Output.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("never sent", run.All, StringComparison.Ordinal);
        Assert.Equal(2, server.Statistics.StreamingChatCompletions);
        using var last = JsonDocument.Parse(server.Requests[^1].Body);
        Assert.Equal(["system", "user", "assistant", "user"], last.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Chat_Offline_EndOfInputEnds()
    {
        var run = await Cli.RunAsync(["chat"], "hi there\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("local scripted model", run.Error, StringComparison.Ordinal);
        Assert.Equal("Echo: hi there\n", run.Output);
    }

    [Fact]
    public async Task EnvironmentVariables_AreTheDefaults()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["CUSTOM_BASE_URL"] = server.BaseAddress.ToString(),
            ["CUSTOM_MODEL"] = "from-environment",
            ["CUSTOM_API_KEY"] = "sk-from-environment",
        };

        var run = await Cli.RunAsync(["chat"], "ping\n", environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("from-environment", server.Requests[^1].Body, StringComparison.Ordinal);
        Assert.Equal("Bearer sk-from-environment", server.Requests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task ApiKey_FromAFile_IgnoresTheFinalNewline()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, "sk-from-file\n");

            var run = await Cli.RunAsync(["chat", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--api-key-file", keyFile], "ping\n");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("Bearer sk-from-file", server.Requests[^1].Headers["Authorization"]);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task ApiKey_FromStandardInput_IsTheFirstLine_AndChatReadsTheRest()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var run = await Cli.RunAsync(["chat", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--api-key-stdin"], "sk-from-stdin\nping\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer sk-from-stdin", request.Headers["Authorization"]);
        Assert.Equal("Echo: ping\n", run.Output);
        Assert.DoesNotContain("sk-from-stdin", run.All, StringComparison.Ordinal);
    }
}
