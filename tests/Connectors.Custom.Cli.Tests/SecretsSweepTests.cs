using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The CLI part of the secrets sweep: every command that talks to an endpoint, run with a canary key and a
/// canary password in the endpoint's user info, must not print either, whether it succeeds or fails.</summary>
public sealed class SecretsSweepTests
{
    private const string CanaryKey = "sk-CANARY-CLI-KEY-2b8f61";
    private const string CanaryPassword = "CANARY-CLI-PASS-9d04";

    [Fact]
    public async Task NoCommand_PrintsTheKeyOrThePassword()
    {
        await using var healthy = await LocalOpenAIServer.StartAsync();
        await using var failing = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = { Override = _ => FaultKind.ServerError } });
        var outputs = new List<(string Command, int ExitCode, string Output)>();
        foreach (var (server, expectSuccess) in new[] { (healthy, true), (failing, false) })
        {
            var endpoint = WithPassword(server.BaseAddress);
            foreach (var (args, input) in Commands(endpoint))
            {
                var run = await Cli.RunAsync([.. args, "--api-key", CanaryKey], input);
                outputs.Add(($"{string.Join(' ', args.Take(1))} ({(expectSuccess ? "healthy" : "failing")} server)", run.ExitCode, run.Output + run.Error));
            }
        }

        var unreachable = await Cli.RunAsync(["chat", "--endpoint", WithPassword(new Uri("http://127.0.0.1:1/v1")), "--model", "m", "--retries", "0", "--api-key", CanaryKey], "hello\n/exit\n");
        outputs.Add(("chat (unreachable)", unreachable.ExitCode, unreachable.Output + unreachable.Error));
        foreach (var command in (string[])["chat", "embed", "probe", "models"])
        {
            var bad = await Cli.RunAsync([command, "--endpoint", $"ftp://sweep-user:{CanaryPassword}@127.0.0.1/v1", "--model", "m", "--api-key", CanaryKey], "/exit\n");
            outputs.Add(($"{command} (not an http address)", bad.ExitCode, bad.Output + bad.Error));
        }

        // The sweep ran what it claims: each command succeeded against the healthy server and reported the failures.
        Assert.All(outputs.Take(Commands(string.Empty).Count()), o => Assert.True(o.ExitCode == 0, $"{o.Command}: {o.Output}"));
        Assert.Contains(outputs.Skip(4), o => o.ExitCode != 0);
        Assert.Contains(healthy.TakeRequests(), r => r.Headers.TryGetValue("Authorization", out var value) && value == $"Bearer {CanaryKey}");
        var leaks = outputs
            .Where(o => o.Output.Contains(CanaryKey, StringComparison.Ordinal) || o.Output.Contains(CanaryPassword, StringComparison.Ordinal))
            .Select(o => $"{o.Command}: {o.Output}")
            .ToList();
        Assert.True(leaks.Count == 0, "A canary leaked:\n" + string.Join("\n", leaks));
    }

    private static IEnumerable<(string[] Args, string? Input)> Commands(string endpoint) =>
    [
        (["chat", "--endpoint", endpoint, "--model", LocalServerOptions.DefaultChatModelId, "--retries", "0"], "hello\n/exit\n"),
        (["embed", "--endpoint", endpoint, "--model", LocalServerOptions.DefaultEmbeddingModelId, "--retries", "0", "--text", "hello"], null),
        (["probe", "--endpoint", endpoint, "--model", LocalServerOptions.DefaultChatModelId, "--embedding-model", LocalServerOptions.DefaultEmbeddingModelId, "--timeout", "10"], null),
        (["models", "--endpoint", endpoint, "--model", LocalServerOptions.DefaultChatModelId, "--retries", "0"], null),
        (["demo", "--endpoint", endpoint, "--model", LocalServerOptions.DefaultChatModelId, "--embedding-model", LocalServerOptions.DefaultEmbeddingModelId, "--retries", "0"], null),
    ];

    private static string WithPassword(Uri address) =>
        new UriBuilder(address) { UserName = "sweep-user", Password = CanaryPassword }.Uri.ToString();
}
