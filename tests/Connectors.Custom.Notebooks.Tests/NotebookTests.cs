using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Connectors.Custom.Notebooks.Tests;

/// <summary>Runs every notebook in <c>notebooks/</c>, each as its own test case, against the packages packed for this
/// run, checks what each prints (<see cref="NotebookChecks"/>), and that each carries the metadata VS Code's Polyglot
/// Notebooks extension writes.</summary>
public sealed class NotebookTests(NotebookPackages packages, ITestOutputHelper output) : IClassFixture<NotebookPackages>
{
    /// <summary>A notebook that has not finished by then is reported with the cell it was running.</summary>
    private static readonly TimeSpan s_notebookTimeout = TimeSpan.FromMinutes(2);

    /// <summary>ONNX Runtime ships no native build for Intel macOS, so MiniLM cannot load there.</summary>
    private static bool OnnxRuntimeMissing =>
        OperatingSystem.IsMacOS() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;

    public static TheoryData<string> Notebooks
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var path in Directory.GetFiles(RepositoryPaths.Notebooks, "*.ipynb").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_every_cell_and_prints_what_it_demonstrates(string notebook)
    {
        output.WriteLine($"Packages {packages.Version} from {packages.PackageFolder} (packed in {packages.PackDuration.TotalSeconds:0.0} s)");
        var run = await NotebookRunner.RunAsync(Path.Combine(RepositoryPaths.Notebooks, notebook), s_notebookTimeout);
        foreach (var cell in run.Cells)
        {
            output.WriteLine($"--- cell {cell.Index} ({cell.Duration.TotalSeconds:0.00} s){(cell.Error is null ? string.Empty : " FAILED")}");
            if (cell.Output.Length > 0)
            {
                output.WriteLine(cell.Output);
            }
        }

        if (run.Failure is { Error: { } error } && OnnxRuntimeMissing && error.Contains("which has no native build", StringComparison.Ordinal))
        {
            // Intel macOS: the retrieval notebook stops where it loads MiniLM, with the backend's one-line reason.
            output.WriteLine($"{notebook}: stopped as expected where ONNX Runtime has no native build: {error}");
            return;
        }

        if (run.Failure is { } failure)
        {
            Assert.Fail(new StringBuilder()
                .AppendLine($"{notebook}: cell {failure.Index} failed: {failure.Error}")
                .AppendLine("--- cell code ---")
                .Append(failure.Code)
                .ToString());
        }

        Assert.NotEmpty(run.Cells);
        NotebookChecks.Verify(notebook, run);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_has_polyglot_csharp_metadata(string notebook)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, notebook)));
        var metadata = document.RootElement.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal("csharp", metadata.GetProperty("polyglot_notebook").GetProperty("kernelInfo").GetProperty("defaultKernelName").GetString());

        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal("markdown", cells[0].GetProperty("cell_type").GetString());
        foreach (var (cell, index) in cells.Select((c, i) => (c, i)).Where(c => c.c.GetProperty("cell_type").GetString() == "code"))
        {
            var cellMetadata = cell.GetProperty("metadata");
            Assert.True(
                cellMetadata.GetProperty("polyglot_notebook").GetProperty("kernelName").GetString() == "csharp"
                && cellMetadata.GetProperty("dotnet_interactive").GetProperty("language").GetString() == "csharp",
                $"{notebook}: code cell {index} is not marked as C# for Polyglot Notebooks.");
            Assert.True(cell.GetProperty("outputs").GetArrayLength() == 0, $"{notebook}: code cell {index} was saved with its outputs; clear them before committing.");
        }
    }
}
