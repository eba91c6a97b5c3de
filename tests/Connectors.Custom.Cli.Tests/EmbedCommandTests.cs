using System.Text.Json;
using Connectors.Custom.Testing.Tests;

namespace Connectors.Custom.Cli.Tests;

/// <summary>Embedding a text or a file: results on standard output, status on standard error.</summary>
public sealed class EmbedCommandTests
{
    [MiniLmFact]
    public async Task Embed_Text_PrintsTheVectorAloneOnStandardOutput_AsOneJsonArray()
    {
        var run = await Cli.RunAsync(["embed", "--text", "The cat sat on the mat."]);

        Assert.True(run.ExitCode == 0, run.ToString());

        // What a pipe into a JSON parser sees: the whole of standard output is the vector.
        var vector = JsonSerializer.Deserialize<float[]>(run.Output)!;
        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
        Assert.Single(run.Output.TrimEnd('\n').Split('\n'));
        Assert.Contains("all-MiniLM-L6-v2", run.Error, StringComparison.Ordinal);
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

            var run = await Cli.RunAsync(["embed", "--file", input, "--out", output, "--batch-size", "2"]);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("Embedded 3 texts", run.Error, StringComparison.Ordinal);
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

            var run = await Cli.RunAsync(["embed", "--file", input]);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("line 2", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
