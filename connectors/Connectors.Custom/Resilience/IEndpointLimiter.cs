using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>What lets an attempt at one endpoint through its client-side limits: this process's own
/// (<see cref="EndpointLimiter"/>) or, in fleet mode, limits shared with every instance of the application
/// (see <see cref="IFleetCoordinator"/>).</summary>
internal interface IEndpointLimiter : IDisposable
{
    /// <summary>Waits for room under every limit.</summary>
    /// <returns>A lease to dispose when the request ends, and to correct with the tokens actually used.</returns>
    /// <exception cref="CustomRateLimitException">A limit is reached and the call may not wait (or waited too long).</exception>
    Task<ILimiterLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken);

    /// <summary>Tells the limiter the server asked every client to hold off for <paramref name="wait"/> (a 429 or 503
    /// with a wait): a fleet holds the endpoint for every instance; a single process leaves it to the retry delay.</summary>
    void ShareCooldown(TimeSpan wait);

    /// <summary>Tells the limiter this instance's circuit breaker opened for <paramref name="breakDuration"/>: a fleet
    /// opens the endpoint's shared circuit for every instance, keeping the later deadline.</summary>
    void ShareCircuitOpen(TimeSpan breakDuration)
    {
    }
}

/// <summary>What one admitted request holds until it ends.</summary>
internal interface ILimiterLease : IDisposable
{
    /// <summary>Gets how long the request waited for room under the limits: zero when it was admitted at once (a
    /// fleet's round trip to Redis is not a wait).</summary>
    TimeSpan Waited => TimeSpan.Zero;

    /// <summary>Charges the difference between the tokens the server reported and the estimate.</summary>
    void RecordUsage(long? actualTokens);

    /// <summary>Tells the lease how its attempt ended for the circuit breaker (see
    /// <see cref="IAttemptOutcomes.RecordOutcome"/>): a fleet's half-open probe closes or reopens the shared circuit.</summary>
    void RecordVerdict(bool? failed)
    {
    }

    /// <summary>Gives the admission back unused: its request was never sent (the call's budget refused it). A fleet
    /// takes it out of the shared window as if it had never been admitted; this process's own limiter releases it.</summary>
    void Withdraw() => Dispose();
}
