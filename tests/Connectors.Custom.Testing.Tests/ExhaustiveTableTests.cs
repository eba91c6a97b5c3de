using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The fault table and the wire-style table are switches without a default arm: a new enum member must not
/// compile until its row is written. Proven by compiling the local server's own source with a member added.</summary>
public sealed class ExhaustiveTableTests
{
    private static readonly string s_sourceFolder = Path.Combine(FindRepositoryRoot(), "connectors", "Connectors.Custom.Testing");

    [Fact]
    public void TheUnchangedSource_Compiles()
    {
        var errors = Compile(change: null).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("FaultKind.cs", "FaultTable.cs")]
    [InlineData("WireProfile.cs", "ResponsesWireStyle.cs,WireStyle.cs")]
    public void ANewEnumMember_FailsToCompileUntilItsRowIsWritten(string enumFile, string tableFiles)
    {
        var diagnostics = Compile(change: (enumFile, AddMember));

        var missing = diagnostics.Where(d => d.Id == "CS8509").OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ToList();
        Assert.Equal(tableFiles.Split(','), missing.Select(d => Path.GetFileName(d.Location.SourceTree!.FilePath)));
        Assert.All(missing, d => Assert.Contains("AddedByTest", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // Warnings are errors in this repository's build, so this warning stops the build.
        Assert.Equal("true", ReadBuildProperty("TreatWarningsAsErrors"));
    }

    [Fact]
    public void EveryFaultKind_HasARowInTheTable()
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            var effect = FaultTable.For(kind);
            Assert.True(effect.ReplaceAsync is not null || effect.Mode != ResponseMode.Normal || effect.WaitFirst, $"{kind} does nothing");
        }
    }

    private static string AddMember(string source)
    {
        var end = source.LastIndexOf('}');
        return source[..end] + "    AddedByTest = 99,\n}\n";
    }

    private static IReadOnlyList<Diagnostic> Compile((string File, Func<string, string> Edit)? change)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Directory.EnumerateFiles(s_sourceFolder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path =>
            {
                var text = File.ReadAllText(path);
                if (change is { } c && Path.GetFileName(path) == c.File)
                {
                    text = c.Edit(text);
                }

                return CSharpSyntaxTree.ParseText(text, parse, path);
            })
            .ToList();

        // The running test's framework assemblies (the shared framework, ASP.NET Core included), not our own.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("Connectors.Custom", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ExhaustiveTableCheck",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics();
    }

    private static string? ReadBuildProperty(string name)
    {
        var props = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "Directory.Build.props"));
        var open = $"<{name}>";
        var start = props.IndexOf(open, StringComparison.Ordinal);
        return start < 0 ? null : props[(start + open.Length)..props.IndexOf($"</{name}>", start, StringComparison.Ordinal)];
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connectors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Connectors.sln above {AppContext.BaseDirectory}: these tests read the repository's source.");
    }
}
