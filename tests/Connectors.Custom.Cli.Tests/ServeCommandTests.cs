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
