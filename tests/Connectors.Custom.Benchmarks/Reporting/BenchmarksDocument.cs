using System.Text;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>
/// <c>docs/benchmarks.md</c>: one <c>## Section</c> per benchmark family, each replaced whole by its own run so the
/// others (and anything written by hand) are kept.
/// </summary>
internal static class BenchmarksDocument
{
    private const string RelativePath = "docs/benchmarks.md";

    private const string Header = """
        # Benchmarks

        Figures from `tests/Connectors.Custom.Benchmarks`, a purpose-built harness rather than BenchmarkDotNet: what we
        need are whole-process figures under concurrency (process CPU time per call, allocated bytes per call, gen2
        collections per 1,000 calls, and throughput at concurrency 1, 16 or 64), measured against an OpenAI-compatible
        loopback server that runs in another process so its own work never shows up in the client's numbers.
        BenchmarkDotNet measures one method in-process and has no notion of a second process serving it.

        Each client is first checked (vector count, dimensions, every value equal to what the server sent, and the
        encoding and request count the server saw), then warmed up, then measured in interleaved repetitions; the
        tables show medians, each with its ratio to the *floor*, a minimal hand-written client with no abstractions.
        Each section is rewritten by the command shown in it.

        """;

    /// <summary>Finds <c>docs/benchmarks.md</c> of the repository holding the current directory (or this program).</summary>
    public static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Connectors.sln")))
                {
                    return Path.Combine(directory.FullName, RelativePath);
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the folder with Connectors.sln) to write docs/benchmarks.md.");
    }

    /// <summary>Replaces the section that starts with <paramref name="heading"/> (up to the next <c>## </c>), or appends it.</summary>
    public static void WriteSection(string path, string heading, string body)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : Header.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        List<string> section = [heading, string.Empty, .. body.TrimEnd().Split('\n')];

        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        if (start < 0)
        {
            if (lines.Count > 0 && lines[^1].Length > 0)
            {
                lines.Add(string.Empty);
            }

            lines.AddRange(section);
        }
        else
        {
            var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            var count = (end < 0 ? lines.Count : end) - start;
            lines.RemoveRange(start, count);
            lines.InsertRange(start, end < 0 ? section : [.. section, string.Empty]);
        }

        var text = new StringBuilder().AppendJoin('\n', lines).ToString().TrimEnd() + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
