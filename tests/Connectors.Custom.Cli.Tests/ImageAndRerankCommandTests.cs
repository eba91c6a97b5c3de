using System.Text.Json;
using Connectors.Custom.Testing;
using Connectors.Custom.Testing.Tests;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The <c>image</c> and <c>rerank</c> commands: results on standard output, exit codes as for the others.</summary>
public sealed class ImageAndRerankCommandTests
{
    [Fact]
    public async Task Image_Offline_WritesNumberedPngsOfTheSize_AndPrintsTheirPaths()
    {
        var folder = Directory.CreateTempSubdirectory("image-test");
        try
        {
            var output = Path.Combine(folder.FullName, "fox.png");

            var run = await Cli.RunAsync(["image", "--prompt", "a red fox", "--size", "48x24", "--count", "2", "--out", output]);

            Assert.True(run.ExitCode == 0, run.ToString());
            var paths = run.Output.TrimEnd('\n').Split('\n');
            Assert.Equal([Path.Combine(folder.FullName, "fox-1.png"), Path.Combine(folder.FullName, "fox-2.png")], paths);
            foreach (var path in paths)
            {
                var png = await File.ReadAllBytesAsync(path);
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
                Assert.Equal(48, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
                Assert.Equal(24, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            }

            Assert.Contains("not a picture of the prompt", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Image_BadSize_IsABadArgument()
    {
        var run = await Cli.RunAsync(["image", "--prompt", "x", "--size", "big", "--out", Path.Combine(Path.GetTempPath(), "never.png")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("WIDTHxHEIGHT", run.Error, StringComparison.Ordinal);
    }

    [MiniLmFact]
    public async Task Rerank_Offline_PrintsTheRelatedDocumentFirst_AsJson()
    {
        var run = await Cli.RunAsync(["rerank", "--query", "How do I reset my password?", "--document", "Invoices are sent monthly.", "--document", "Use the 'Forgot password' link to set a new password.", "--top", "1"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(1, results.GetArrayLength());
        Assert.Equal(1, results[0].GetProperty("index").GetInt32());
        Assert.Contains("stand-in for a cross-encoder", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_NoDocuments_IsABadArgument()
    {
        var run = await Cli.RunAsync(["rerank", "--query", "q"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least one document", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_ScoreApi_AgainstAFailingEndpoint_ExitsWithEndpointFailure()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = new FaultOptions { Override = _ => FaultKind.ServerError } });

        var run = await Cli.RunAsync(["rerank", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--score-api", "--retries", "1", "--query", "q", "--document", "a"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/v1/score", r.Path));
    }
}
