using System.Threading;

namespace Connectors.Custom;

/// <summary>What an operation gets for one attempt: its cancellation token (caller + attempt timeout), and, for
/// streams, the means to keep the token alive beyond the attempt.</summary>
internal sealed class AttemptContext(TimeoutScope scope, EndpointLimiter.Lease? lease)
{
    public CancellationToken Token => scope.Token;

    public EndpointLimiter.Lease? Lease => lease;

    public bool Detached { get; private set; }

    /// <summary>Takes ownership of the timeout scope and the limiter lease: a stream keeps reading with the token, and
    /// keeps its concurrency slot, after its first update. The caller must dispose both.</summary>
    public (TimeoutScope Scope, EndpointLimiter.Lease? Lease) Detach()
    {
        Detached = true;
        return (scope, lease);
    }
}
