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

    /// <summary>Starts <paramref name="call"/> against a server that holds the request open, cancels it once the
    /// request has arrived, and asserts the call ends cancelled after exactly one request.</summary>
    protected async Task AssertCancelledWhileWaitingAsync(Func<CancellationToken, Task> call)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var cancel = new CancellationTokenSource();

        var running = call(cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Single(Server.Requests);
    }
}
