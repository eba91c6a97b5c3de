namespace Connectors.Custom.Cli.Tests;

/// <summary>One meaning per exit code: 0 success, 1 endpoint failed, 2 bad arguments, 3 unexpected, 130 cancelled.</summary>
public sealed class ExitCodeTests
{
    private const string Unreachable = "http://127.0.0.1:1/v1";

    [Theory]
    [InlineData("bogus")]
    [InlineData]
    [InlineData("demo", "--endpoint", "not a url")]
    [InlineData("demo", "--endpoint", "ftp://example.com/v1", "--model", "m")]
    [InlineData("demo", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("demo", "--retries", "11")]
    [InlineData("demo", "--unknown-option")]
    [InlineData("chat", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("chat", "--api-key", "k", "--api-key-stdin")]
    [InlineData("chat", "--api-key-file", "/does/not/exist")]
    [InlineData("embed")]
    [InlineData("embed", "--text", "a", "--file", "input.jsonl")]
    [InlineData("embed", "--file", "/does/not/exist.jsonl")]
    [InlineData("embed", "--text", "a", "--batch-size", "0")]
    [InlineData("embed", "--text", "a", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("serve", "--port", "abc")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("serve", "--profile", "NotAProvider")]
    [InlineData("probe")]
    [InlineData("probe", "--endpoint", "http://localhost:11434/v1", "--model", "m", "--timeout", "0")]
    [InlineData("probe", "--endpoint", "http://localhost:11434/v1", "--model", "m", "--max-embedding-batch", "x")]
    [InlineData("models", "--endpoint", "not a url")]
    [InlineData("models", "--retries", "-1")]
    public async Task BadArguments_ExitWith2_AndSayWhyOnStandardError(params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task BadArguments_NameTheProblem()
    {
        var endpoint = await Cli.RunAsync(["demo", "--endpoint", "not a url"]);
        var model = await Cli.RunAsync(["chat", "--endpoint", "http://localhost:11434/v1"]);
        var both = await Cli.RunAsync(["embed", "--text", "a", "--file", "x.jsonl"]);
        var none = await Cli.RunAsync([]);

        Assert.Contains("--endpoint must be an absolute http or https address", endpoint.Error, StringComparison.Ordinal);
        Assert.Contains("--model (or CUSTOM_MODEL) is required", model.Error, StringComparison.Ordinal);
        Assert.Contains("exactly one of --text or --file", both.Error, StringComparison.Ordinal);
        Assert.Contains("give a command: demo, serve, chat, embed, image, rerank, probe", none.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("chat")]
    [InlineData("embed")]
    [InlineData("probe")]
    [InlineData("models")]
    public async Task UnreachableEndpoint_ExitsWith1(string command)
    {
        string[] args = command == "embed"
            ? ["embed", "--endpoint", Unreachable, "--model", "m", "--retries", "0", "--text", "hello"]
            : [command, "--endpoint", Unreachable, "--model", "m", "--retries", "0"];

        var run = await Cli.RunAsync(args, "hello\n");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("The endpoint failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("version segment", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedError_ExitsWith3_WithAOneLineMessage()
    {
        var missingFolder = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "vector.jsonl");

        var run = await Cli.RunAsync(["embed", "--text", "hello", "--out", missingFolder]);

        Assert.True(run.ExitCode == 3, run.ToString());
        var line = Assert.Single(run.Error.TrimEnd('\n').Split('\n'), l => l.Contains("unexpected error", StringComparison.Ordinal));
        Assert.Contains("DirectoryNotFoundException", line, StringComparison.Ordinal);
        Assert.Contains(missingFolder, line, StringComparison.Ordinal); // the whole message, not wrapped at the console width
    }

    [Fact]
    public async Task Cancelled_ExitsWith130()
    {
        using var cancel = new CancellationTokenSource();
        var error = new SynchronizedWriter();
        var chatting = Program.RunAsync(["chat"], Cli.Streams(new SynchronizedWriter(), error, new EndlessReader()), cancel.Token);
        for (var i = 0; i < 400 && !error.Snapshot().Contains("/exit quits", StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
        }

        await cancel.CancelAsync();

        Assert.Equal(130, await chatting.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Cancelled.", error.Snapshot(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsWith0_AndWarnsThatAKeyOnTheCommandLineLandsInHistory()
    {
        var root = await Cli.RunAsync(["--help"]);
        var chat = await Cli.RunAsync(["chat", "--help"]);

        Assert.Equal(0, root.ExitCode);
        foreach (var command in (string[])["demo", "serve", "chat", "embed", "probe", "models"])
        {
            Assert.Contains(command, root.Output, StringComparison.Ordinal);
        }

        Assert.Equal(0, chat.ExitCode);
        foreach (var option in (string[])["--api-key-file", "--api-key-stdin", "CUSTOM_API_KEY", "shell history", "--retries"])
        {
            Assert.Contains(option, chat.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("chat")]
    [InlineData("embed")]
    [InlineData("probe")]
    [InlineData("models")]
    public async Task EveryCommandThatCallsAnEndpoint_TakesRetries(string command)
    {
        var help = await Cli.RunAsync([command, "--help"]);

        Assert.Contains("--retries", help.Output, StringComparison.Ordinal);
    }

    /// <summary>Standard input that never ends: a chat waiting on it only stops when cancelled.</summary>
    private sealed class EndlessReader : TextReader
    {
        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }
}
