using System;

namespace Connectors.Custom;

/// <summary>Where an <see cref="AttemptScope"/> reports how its attempt ended: the endpoint it ran against.</summary>
internal interface IAttemptOutcomes
{
    /// <summary>Records an attempt's outcome: null for success; a cancellation, which says nothing about the endpoint;
    /// or the failure, which counts against it when it is transient.</summary>
    /// <param name="failure">The failure, or null.</param>
    /// <param name="started">When the attempt started (a timestamp of the endpoint's clock).</param>
    /// <returns>The circuit breaker's verdict: true when the attempt counts against the endpoint, false when it
    /// counts for it, null when it says nothing (cancelled).</returns>
    bool? RecordOutcome(Exception? failure, long started);
}
