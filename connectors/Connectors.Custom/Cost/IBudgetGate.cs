using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>What lets a call through its service's budgets: this process's own check against the usage tracker
/// (<see cref="LocalBudgetGate"/>) or, in fleet mode, budgets shared with every instance of the application, which
/// reserve the call's estimated cost until it settles (see <see cref="IFleetCoordinator.CreateBudgetGate"/>).</summary>
/// <remarks>Disposed with its service: a shared budget then hands back what it held.</remarks>
internal interface IBudgetGate : IDisposable
{
    /// <summary>Lets one call through, holding its estimated cost where budgets are shared.</summary>
    /// <param name="estimatedTokens">The call's token estimate (input and the output it allows), priced at the highest
    /// rate of the service's endpoints.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The hold, to settle with the call's actual cost and to dispose when the call ends.</returns>
    /// <exception cref="CustomBudgetExceededException">A budget is spent (or cannot take the estimate) and refuses
    /// further calls; nothing is sent.</exception>
    ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken);
}

/// <summary>One call's reservation against its budgets, held from before the request until the call ends. Each attempt
/// charges what it cost as it settles (a retried or hedged call may pay for several); disposing the hold, when the
/// call ends, replaces the reservation with the sum of those charges (nothing, for a call that failed or was cancelled
/// before the server reported usage).</summary>
internal interface IBudgetHold : IDisposable
{
    /// <summary>Adds what one attempt cost; a charge after the hold ended (a hedge that lost and finished late) is
    /// still counted.</summary>
    void Charge(decimal cost);
}

/// <summary>Charges what a call metered besides tokens.</summary>
internal static class BudgetHoldCharges
{
    /// <summary>Charges the audio seconds, characters, images or search units a finished call reported. Tokens are
    /// charged as each attempt settles (<see cref="AttemptScope"/>), but these are known only from the answer, once
    /// the call has been read; without this a shared (fleet) budget would never see them.</summary>
    public static void ChargeMetered(this IBudgetHold hold, ModelPrice? price, CallSummary summary)
    {
        if (price is not null && summary.IsMetered)
        {
            hold.Charge(price.ComputeMetered(summary));
        }
    }
}

/// <summary>The hold of a budget that reserves nothing (a single process's, whose usage tracker already counts what
/// calls spend).</summary>
internal sealed class NoBudgetHold : IBudgetHold
{
    public static readonly NoBudgetHold Instance = new();

    public void Charge(decimal cost)
    {
    }

    public void Dispose()
    {
    }
}
