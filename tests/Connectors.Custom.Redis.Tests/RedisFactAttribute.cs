namespace Connectors.Custom.Redis.Tests;

/// <summary>A fact that needs a real <c>redis-server</c> on PATH; skipped with the reason where there is none (a
/// developer's Windows or macOS machine). CI installs it and fails when any of these is skipped.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!IsInstalled.Value)
        {
            Skip = "redis-server is not on PATH (install the redis-server package to run the fleet-mode tests).";
        }
    }

    private static readonly Lazy<bool> IsInstalled = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "redis-server")) || File.Exists(Path.Combine(directory, "redis-server.exe"))));
}
