using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Connectors.Custom.Testing;

/// <summary>A host lifetime that leaves the process alone. The default one, <c>ConsoleLifetime</c>, takes over Ctrl+C
/// and SIGTERM to stop the host and cancels the signal, so a process that embeds the server (a test run, the CLI)
/// would no longer stop on Ctrl+C.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
