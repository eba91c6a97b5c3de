using System.Text;

namespace Connectors.Custom.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output and no CUSTOM_* variables (so "no endpoint" means offline).</summary>
internal static class Cli
{
    private static readonly string[] s_variables = ["CUSTOM_BASE_URL", "CUSTOM_MODEL", "CUSTOM_API_KEY", "CUSTOM_EMBEDDING_MODEL"];

    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, string? input = null, CancellationToken cancellationToken = default)
    {
        ClearEnvironment();
        var output = new StringWriter(new StringBuilder());
        var exitCode = await Program.RunAsync(args, output, new StringReader(input ?? string.Empty), cancellationToken);
        return (exitCode, output.ToString());
    }

    public static void ClearEnvironment()
    {
        foreach (var variable in s_variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
