using System.Text.Json;
using System.Text.RegularExpressions;
using Connectors.Custom.Testing;
using Connectors.Custom.Testing.Tests;

namespace Connectors.Custom.Cli.Tests;

public sealed partial class CommandTests
{
    private const string Unreachable = "http://127.0.0.1:1/v1";

    [MiniLmFact]
    public async Task Demo_Offline_RunsEveryStepAgainstTheLabelledScriptedModel()
    {
        var (exitCode, output) = await Cli.RunAsync(["demo"]);

        Assert.True(exitCode == 0, output);
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
    }

    [Fact]
    public async Task Serve_ThenDemoAgainstIt_ThenStopOnCancel()
    {
        using var stop = new CancellationTokenSource();
        var serveOutput = new SynchronizedWriter();
        Cli.ClearEnvironment();
        var serving = Program.RunAsync(["serve", "--port", "0"], serveOutput, TextReader.Null, stop.Token);
        var address = await WaitForAddressAsync(serveOutput, serving);

        var (exitCode, output) = await Cli.RunAsync(["demo", "--endpoint", address, "--model", "local-scripted", "--embedding-model", "local-embedding", "--retries", "0"]);
        await stop.CancelAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains("17 + 25 = 42.", output, StringComparison.Ordinal);
        Assert.Contains("According to the retrieved document:", output, StringComparison.Ordinal);
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Stopped after", serveOutput.Snapshot(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithAnEndpointButNoEmbeddingModel_SkipsRetrieval()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (exitCode, output) = await Cli.RunAsync(["demo", "--endpoint", server.BaseAddress.ToString(), "--model", "any-model"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("skipped: no embedding model", output, StringComparison.Ordinal);
        Assert.Contains("Echo: In one sentence: what is Semantic Kernel?", output, StringComparison.Ordinal);
        Assert.Equal(0, server.Statistics.Embeddings);
    }

    [MiniLmFact]
    public async Task Embed_Text_PrintsA384DimensionalUnitVector()
    {
        var (exitCode, output) = await Cli.RunAsync(["embed", "--text", "The cat sat on the mat."]);

        Assert.True(exitCode == 0, output);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith('['));
        var vector = JsonSerializer.Deserialize<float[]>(line)!;
        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
        Assert.Contains("all-MiniLM-L6-v2", output, StringComparison.Ordinal);
    }

    [MiniLmFact]
    public async Task Embed_File_WritesOneVectorPerLine_KeepingTheOtherFields()
    {
        var folder = Directory.CreateTempSubdirectory("embed-test");
        try
        {
            var input = Path.Combine(folder.FullName, "input.jsonl");
            var output = Path.Combine(folder.FullName, "vectors.jsonl");
            await File.WriteAllLinesAsync(input, ["""{"id":1,"text":"first"}""", "", """{"id":2,"text":"second"}""", """{"id":3,"text":"third"}"""]);

            var (exitCode, printed) = await Cli.RunAsync(["embed", "--file", input, "--out", output, "--batch-size", "2"]);

            Assert.True(exitCode == 0, printed);
            Assert.Contains("Embedded 3 texts", printed, StringComparison.Ordinal);
            var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("id").GetInt32()));
            Assert.All(lines, l => Assert.Equal(384, l.GetProperty("embedding").GetArrayLength()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Embed_File_ALineWithoutText_IsABadArgumentNamingTheLine()
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(input, ["""{"text":"fine"}""", """{"title":"no text"}"""]);

            var (exitCode, output) = await Cli.RunAsync(["embed", "--file", input]);

            Assert.Equal(2, exitCode);
            Assert.Contains("line 2", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public async Task Chat_PipedInput_StreamsAnswersWithHistory_AndStopsAtExit()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        var (exitCode, output) = await Cli.RunAsync(
            ["chat", "--endpoint", server.BaseAddress.ToString(), "--model", "local-scripted", "--system", "Be brief."],
            "hello\n\nsecond question\n/exit\nnever sent\n");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Echo: hello", output, StringComparison.Ordinal);
        Assert.Contains("Echo: second question", output, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", output, StringComparison.Ordinal);
        Assert.Equal(2, server.Statistics.StreamingChatCompletions);
        using var last = JsonDocument.Parse(server.Requests[^1].Body);
        Assert.Equal(["system", "user", "assistant", "user"], last.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Chat_Offline_EndOfInputEnds()
    {
        var (exitCode, output) = await Cli.RunAsync(["chat"], "hi there\n");

        Assert.True(exitCode == 0, output);
        Assert.Contains("local scripted model", output, StringComparison.Ordinal);
        Assert.Contains("Echo: hi there", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("demo", "--endpoint", "not a url")]
    [InlineData("demo", "--endpoint", "ftp://example.com/v1", "--model", "m")]
    [InlineData("demo", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("demo", "--retries", "11")]
    [InlineData("demo", "--unknown-option")]
    [InlineData("chat", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("embed")]
    [InlineData("embed", "--text", "a", "--file", "input.jsonl")]
    [InlineData("embed", "--file", "/does/not/exist.jsonl")]
    [InlineData("embed", "--text", "a", "--batch-size", "0")]
    [InlineData("embed", "--text", "a", "--endpoint", "http://localhost:11434/v1")]
    [InlineData("serve", "--port", "abc")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("serve", "--profile", "NotAProvider")]
    [InlineData("probe")]
    public async Task BadArguments_ExitWith2AndSayWhy(params string[] args)
    {
        var (exitCode, output) = await Cli.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(output));
    }

    [Fact]
    public async Task BadArguments_NameTheProblem()
    {
        var (_, endpoint) = await Cli.RunAsync(["demo", "--endpoint", "not a url"]);
        var (_, model) = await Cli.RunAsync(["chat", "--endpoint", "http://localhost:11434/v1"]);
        var (_, both) = await Cli.RunAsync(["embed", "--text", "a", "--file", "x.jsonl"]);

        Assert.Contains("--endpoint must be an absolute http or https address", endpoint, StringComparison.Ordinal);
        Assert.Contains("--model (or CUSTOM_MODEL) is required", model, StringComparison.Ordinal);
        Assert.Contains("exactly one of --text or --file", both, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("chat")]
    [InlineData("embed")]
    public async Task UnreachableEndpoint_ExitsWith1(string command)
    {
        string[] args = command == "embed"
            ? ["embed", "--endpoint", Unreachable, "--model", "m", "--retries", "0", "--text", "hello"]
            : [command, "--endpoint", Unreachable, "--model", "m", "--retries", "0"];

        var (exitCode, output) = await Cli.RunAsync(args, "hello\n");

        Assert.Equal(1, exitCode);
        Assert.Contains("The endpoint failed", output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentVariables_AreTheDefaults()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        Cli.ClearEnvironment();
        Environment.SetEnvironmentVariable("CUSTOM_BASE_URL", server.BaseAddress.ToString());
        Environment.SetEnvironmentVariable("CUSTOM_MODEL", "from-environment");
        try
        {
            var output = new StringWriter();
            var exitCode = await Program.RunAsync(["chat"], output, new StringReader("ping\n"));

            Assert.True(exitCode == 0, output.ToString());
            Assert.Contains("from-environment", server.Requests[^1].Body, StringComparison.Ordinal);
        }
        finally
        {
            Cli.ClearEnvironment();
        }
    }

    [Fact]
    public async Task Help_ExitsWith0()
    {
        var (exitCode, output) = await Cli.RunAsync(["--help"]);

        Assert.Equal(0, exitCode);
        foreach (var command in (string[])["demo", "serve", "chat", "embed", "probe"])
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
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
