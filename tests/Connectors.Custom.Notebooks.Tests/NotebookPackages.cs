using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Connectors.Custom.Notebooks.Tests;

/// <summary>
/// Packs the libraries the notebooks reference, once per test run, into a temporary folder with a version no earlier
/// run used, and tells the notebooks where they are through <see cref="PackagesVariable"/> and
/// <see cref="VersionVariable"/> (the notebooks' first code cell reads them).
/// </summary>
/// <remarks>
/// <para>When both variables are already set (packages you packed yourself), nothing is packed and they are used as
/// they are.</para>
/// <para>The version must be new on every run: NuGet caches packages by id and version, so a notebook asking for a version
/// it restored before silently gets the old build. Packages are built for net10.0 only (the kernel's runtime), which
/// skips the net8.0 build; the temporary folder and the versions this run added to the NuGet cache are removed at the end.</para>
/// </remarks>
public sealed class NotebookPackages : IAsyncLifetime
{
    /// <summary>The variable holding the absolute path of the package folder.</summary>
    public const string PackagesVariable = "CONNECTORS_CUSTOM_PACKAGES";

    /// <summary>The variable holding the exact version of the packed packages.</summary>
    public const string VersionVariable = "CONNECTORS_CUSTOM_VERSION";

    /// <summary>The projects packed, relative to the repository root.</summary>
    private static readonly string[] s_projects =
    [
        "connectors/Connectors.Custom/Connectors.Custom.csproj",
        "connectors/Connectors.Custom.Probe/Connectors.Custom.Probe.csproj",
        "connectors/Connectors.Custom.Testing/Connectors.Custom.Testing.csproj",
        "connectors/Connectors.Custom.Testing.Embeddings/Connectors.Custom.Testing.Embeddings.csproj",
    ];

    /// <summary>Variables that point a notebook at a real endpoint; the tests always use the local server.</summary>
    private static readonly string[] s_endpointVariables = ["CUSTOM_BASE_URL", "CUSTOM_MODEL", "CUSTOM_API_KEY", "CUSTOM_EMBEDDING_MODEL"];

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "connectors-custom-notebooks", Guid.NewGuid().ToString("N"));
    private readonly bool _prepacked;

    public NotebookPackages()
    {
        if (Environment.GetEnvironmentVariable(PackagesVariable) is { Length: > 0 } folder
            && Environment.GetEnvironmentVariable(VersionVariable) is { Length: > 0 } version)
        {
            _prepacked = true;
            PackageFolder = folder;
            Version = version;
        }
        else
        {
            PackageFolder = Path.Combine(_workDirectory, "packages");
            Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-nb.{DateTime.UtcNow.Ticks}");
        }
    }

    /// <summary>Gets the version of this run's packages, <c>0.1.0-nb.&lt;UTC ticks&gt;</c> when this fixture packs them.</summary>
    public string Version { get; }

    /// <summary>Gets the folder holding this run's packages.</summary>
    public string PackageFolder { get; }

    /// <summary>Gets how long packing took.</summary>
    public TimeSpan PackDuration { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        foreach (var variable in s_endpointVariables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        if (_prepacked)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(PackageFolder);
        foreach (var project in s_projects)
        {
            await PackAsync(project);
        }

        PackDuration = stopwatch.Elapsed;
        Environment.SetEnvironmentVariable(PackagesVariable, PackageFolder);
        Environment.SetEnvironmentVariable(VersionVariable, Version);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (_prepacked)
        {
            return Task.CompletedTask;
        }

        Environment.SetEnvironmentVariable(PackagesVariable, null);
        Environment.SetEnvironmentVariable(VersionVariable, null);
        TryDelete(_workDirectory);

        // Each run's version is new, so without this the NuGet cache would keep a copy of every run's packages.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var project in s_projects)
        {
            var package = Path.Combine(cache, Path.GetFileNameWithoutExtension(project).ToLowerInvariant());
            TryDelete(Path.Combine(package, Version));
            if (Directory.Exists(package) && !Directory.EnumerateFileSystemEntries(package).Any())
            {
                TryDelete(package);
            }
        }

        return Task.CompletedTask;
    }

    private async Task PackAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "pack", Path.Combine(RepositoryPaths.Root, project),
            "--configuration", "Release",
            "--output", PackageFolder,
            // Own build folders, so the repository's bin/ and obj/ (and builds running beside this one) are untouched.
            "--artifacts-path", Path.Combine(_workDirectory, "build"),
            "--nologo",
            $"-p:Version={Version}",
            "-p:TargetFrameworks=net10.0",
            "-nodeReuse:false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host inherits MSBuild settings from the `dotnet test` that started it; the pack must not.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new Process { StartInfo = start };
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet pack {project} did not finish within 5 minutes. Output so far:{Environment.NewLine}{Logged()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack {project} failed with exit code {process.ExitCode}:{Environment.NewLine}{Logged()}");
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        }

        string Logged()
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a file still open (an assembly the kernel loaded, on Windows) keeps the folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
