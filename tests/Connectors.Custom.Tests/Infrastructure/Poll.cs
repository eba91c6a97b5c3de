namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Waits for a condition that real I/O makes true (a request reaching a loopback server), so a test moves fake
/// time only once the code under test is waiting on it. Polls; never decides anything by how long it took.</summary>
public static class Poll
{
    /// <summary>How long a test waits (real time) before failing instead of hanging.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            try
            {
                await Task.Delay(2, guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }
        }
    }
}
