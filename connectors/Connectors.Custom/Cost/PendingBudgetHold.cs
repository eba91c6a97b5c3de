using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// A budget hold whose reservation is still on its way (a shared budget's round trip to Redis). The call does not wait
/// for it before its first attempt: that attempt's limiter admission goes out right behind it, and the attempt waits for
/// both before it sends anything, so the two share one round trip instead of taking two in a row.
/// </summary>
/// <remarks>An attempt charges the hold only after <see cref="Reserved"/> let it through; disposing the hold before
/// the reservation answered (every endpoint refused at once, or the caller cancelled) ends the reservation when it
/// does, and a refusal nobody waited for is still observed.</remarks>
internal sealed class PendingBudgetHold(Task<IBudgetHold> reservation) : IBudgetHold
{
    private int _disposed;

    /// <summary>Gets the reservation: it completes when the budget let the call through, and fails with what the budget
    /// gate threw (<see cref="CustomBudgetExceededException"/>, a coordination failure, the caller's cancellation).</summary>
    public Task Reserved => reservation;

    /// <inheritdoc />
    public void Charge(decimal cost)
    {
        if (reservation.IsCompletedSuccessfully)
        {
            reservation.Result.Charge(cost);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            reservation.ContinueWith(
                static task =>
                {
                    if (task.IsCompletedSuccessfully)
                    {
                        task.Result.Dispose();
                    }
                    else
                    {
                        _ = task.Exception;
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
