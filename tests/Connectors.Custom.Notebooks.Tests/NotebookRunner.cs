using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Connectors.Custom.Notebooks.Tests;

/// <summary>Executes the C# cells of one Polyglot notebook, in order, in a fresh <see cref="CSharpKernel"/>.</summary>
internal static class NotebookRunner
{
    // The current directory is process-wide and xunit runs test classes in parallel: one notebook at a time may own it.
    private static readonly SemaphoreSlim s_currentDirectory = new(1, 1);

    public static async Task<NotebookRun> RunAsync(string notebookPath, TimeSpan timeout)
    {
        var kernelInfos = new KernelInfoCollection
        {
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#"]),
        };
        kernelInfos.DefaultKernelName = "csharp";

        InteractiveDocument notebook;
        using (var stream = File.OpenRead(notebookPath))
        {
            notebook = Notebook.Read(stream, kernelInfos);
        }

        var cells = new List<CellResult>();
        await s_currentDirectory.WaitAsync();
        var previousDirectory = Environment.CurrentDirectory;
        try
        {
            // As in VS Code, the notebook runs from its own folder: relative #r paths and the setup cell's
            // ../artifacts/notebook-packages resolve against it.
            Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
            using var kernel = new CSharpKernel()
                .UseNugetDirective(
                    (k, references) =>
                    {
                        // Without this the #r reports success but the package's types are missing.
                        k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                        return Task.CompletedTask;
                    },
                    forceRestore: false)
                .UseKernelHelpers();

            var deadline = DateTime.UtcNow + timeout;
            var index = -1;
            foreach (var element in notebook.Elements)
            {
                index++;
                if (element.KernelName is "markdown" or "md")
                {
                    continue;
                }

                var started = System.Diagnostics.Stopwatch.StartNew();
                KernelCommandResult result;
                try
                {
                    result = await kernel.SendAsync(new SubmitCode(element.Contents)).WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
                }
                catch (TimeoutException)
                {
                    cells.Add(new CellResult(index, element.Contents, $"The notebook did not finish within {timeout.TotalSeconds:0} s; this cell was still running.", string.Empty, started.Elapsed));
                    break;
                }

                var events = result.Events;
                var failure = events.OfType<CommandFailed>().FirstOrDefault();
                cells.Add(new CellResult(index, element.Contents, failure?.Message, PlainText(events), started.Elapsed));
                if (failure is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            s_currentDirectory.Release();
        }

        return new NotebookRun(notebookPath, cells);
    }

    /// <summary>The cell's output as text: console writes as they came, other displayed values one per line.</summary>
    private static string PlainText(IEnumerable<KernelEvent> events)
    {
        var text = new System.Text.StringBuilder();
        foreach (var displayed in events.OfType<DisplayEvent>())
        {
            if (displayed.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain") is not { } value)
            {
                continue;
            }

            text.Append(value.Value);
            if (displayed is not StandardOutputValueProduced && !value.Value.EndsWith('\n'))
            {
                text.AppendLine();
            }
        }

        return text.ToString().TrimEnd();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>What one code cell did.</summary>
/// <param name="Index">The cell's 0-based position among all cells of the notebook (markdown included).</param>
/// <param name="Code">The code as submitted.</param>
/// <param name="Error">The <c>CommandFailed</c> message, or null when the cell succeeded.</param>
/// <param name="Output">The plain-text form of everything the cell displayed.</param>
/// <param name="Duration">How long the cell took.</param>
internal sealed record CellResult(int Index, string Code, string? Error, string Output, TimeSpan Duration);

/// <summary>What a notebook run did, cell by cell, up to the first failure.</summary>
internal sealed record NotebookRun(string Path, IReadOnlyList<CellResult> Cells)
{
    public CellResult? Failure => Cells.FirstOrDefault(c => c.Error is not null);
}
