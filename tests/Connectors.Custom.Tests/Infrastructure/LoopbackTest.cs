namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Base for test classes that talk to a fresh <see cref="LoopbackServer"/> per test.</summary>
public abstract class LoopbackTest : IAsyncLifetime
{
    protected LoopbackServer Server { get; set; } = null!;

    public virtual async Task InitializeAsync() => Server = await LoopbackServer.StartAsync();

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}
