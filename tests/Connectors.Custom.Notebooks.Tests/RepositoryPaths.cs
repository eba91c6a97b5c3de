namespace Connectors.Custom.Notebooks.Tests;

/// <summary>Where things are in this repository, found from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Notebooks => Path.Combine(Root, "notebooks");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connectors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Connectors.sln above {AppContext.BaseDirectory}: the notebook tests run from a build inside the repository.");
    }
}
