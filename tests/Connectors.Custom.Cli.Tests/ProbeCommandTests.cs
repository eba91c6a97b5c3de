using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The probe command: its report on standard output, and <c>--retries</c> resending a rate-limited check.</summary>
public sealed class ProbeCommandTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public async Task Retries_ResendARateLimitedCheck(int retries, bool resent)
    {
        var faulted = 0;
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            // The first chat request is rate limited; every other request is answered.
            Faults = new FaultOptions
            {
                Override = request => request.Path.EndsWith("/chat/completions", StringComparison.Ordinal) && Interlocked.Increment(ref faulted) == 1 ? FaultKind.RateLimitRetryAfterSeconds : null,
                RetryAfter = TimeSpan.Zero,
            },
        });

        var run = await Cli.RunAsync(["probe", "--endpoint", server.BaseAddress.ToString(), "--model", "local-scripted", "--retries", retries.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Proposed quirk profile", run.Output, StringComparison.Ordinal);
        var requests = server.Requests;
        var first = requests.Single(r => r.Fault is not null);
        var next = requests.First(r => r.Sequence > first.Sequence);
        Assert.Equal(resent, next.Path == first.Path && next.Body == first.Body);
    }
}
