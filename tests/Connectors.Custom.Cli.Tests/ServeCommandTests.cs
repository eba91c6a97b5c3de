using System.Text.RegularExpressions;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The foreground server, driven by another command.</summary>
public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_ThenDemoAgainstIt_ThenStopOnCancel_Exits0()
    {
        using var stop = new CancellationTokenSource();
        var serveOutput = new SynchronizedWriter();
        var serveError = new SynchronizedWriter();
        var serving = Program.RunAsync(["serve", "--port", "0"], Cli.Streams(serveOutput, serveError, TextReader.Null), stop.Token);
        var address = await WaitForAddressAsync(serveOutput, serving);

        var run = await Cli.RunAsync(["demo", "--endpoint", address, "--model", "local-scripted", "--embedding-model", "local-embedding", "--retries", "0"]);
        await stop.CancelAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("17 + 25 = 42.", run.Output, StringComparison.Ordinal);
        Assert.Contains("According to the retrieved document:", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Stopped after", serveError.Snapshot(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ollama", "stateless: previous_response_id is refused")]
    [InlineData("OpenAI", "stateful: responses are stored")]
    [InlineData("Vllm", "store off")]
    public async Task Serve_ApiResponses_PrintsTheResponsesUsage_AndServesIt(string profile, string state)
    {
        using var stop = new CancellationTokenSource();
        var serveOutput = new SynchronizedWriter();
        var serveError = new SynchronizedWriter();
        var serving = Program.RunAsync(["serve", "--api", "responses", "--profile", profile], Cli.Streams(serveOutput, serveError, TextReader.Null), stop.Token);
        var address = await WaitForAddressAsync(serveOutput, serving);
        await WaitForAsync(serveError, "Ctrl+C", serving);

        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(address + "/responses"), new StringContent("""{"model":"local-scripted","input":"hello"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Echo: hello", body, StringComparison.Ordinal);
        Assert.Contains($"Responses API   {address}/responses", serveOutput.Snapshot(), StringComparison.Ordinal);
        Assert.Contains(state, serveOutput.Snapshot(), StringComparison.Ordinal);
        Assert.Contains($"curl -sN {address}/responses", serveError.Snapshot(), StringComparison.Ordinal);
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Serve_ChatByDefault_DoesNotPrintTheResponsesUsage()
    {
        using var stop = new CancellationTokenSource();
        var serveOutput = new SynchronizedWriter();
        var serveError = new SynchronizedWriter();
        var serving = Program.RunAsync(["serve"], Cli.Streams(serveOutput, serveError, TextReader.Null), stop.Token);
        await WaitForAddressAsync(serveOutput, serving);
        await WaitForAsync(serveError, "Ctrl+C", serving);
        await stop.CancelAsync();

        Assert.DoesNotContain("Responses API", serveOutput.Snapshot(), StringComparison.Ordinal);
        Assert.Contains("connectors-custom demo", serveError.Snapshot(), StringComparison.Ordinal);
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("DeepSeek")]
    [InlineData("Mistral")]
    public async Task Serve_ApiResponses_WithAProfileWithoutIt_IsAUsageError(string profile)
    {
        var run = await Cli.RunAsync(["serve", "--api", "responses", "--profile", profile]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{profile} has no Responses API", run.Error, StringComparison.Ordinal);
        Assert.Contains("OpenAI, Ollama, Vllm", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on", run.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(SynchronizedWriter writer, string text, Task<int> serving)
    {
        for (var i = 0; i < 200 && !serving.IsCompleted && !writer.Snapshot().Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<string> WaitForAddressAsync(SynchronizedWriter output, Task<int> serving)
    {
        for (var i = 0; i < 200 && !serving.IsCompleted; i++)
        {
            if (AddressPattern().Match(output.Snapshot()) is { Success: true } match)
            {
                return match.Value;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"serve printed no address (finished: {serving.IsCompleted}):\n{output.Snapshot()}");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/v1")]
    private static partial Regex AddressPattern();
}
