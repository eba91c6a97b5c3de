namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Base for test classes that talk to a fresh <see cref="LoopbackServer"/> per test.</summary>
public abstract class LoopbackTest : IAsyncLifetime
{
    protected LoopbackServer Server { get; set; } = null!;

    public virtual async Task InitializeAsync() => Server = await LoopbackServer.StartAsync();

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Waits until the server has received at least <paramref name="count"/> requests.</summary>
    protected Task WaitForRequestsAsync(int count) =>
        Poll.UntilAsync(() => Server.Requests.Count >= count, $"request {count} to reach the loopback server");
}
