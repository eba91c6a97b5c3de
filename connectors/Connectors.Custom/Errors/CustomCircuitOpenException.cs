using System;

namespace Connectors.Custom;

/// <summary>Thrown when an endpoint's circuit breaker is open: it failed too often recently, so it is not being
/// called until <see cref="CustomEndpointException.RetryAfter"/> has passed. With backups configured the call moves
/// on to the next endpoint instead.</summary>
public sealed class CustomCircuitOpenException : CustomEndpointException
{
    /// <summary>Initializes a new instance of the <see cref="CustomCircuitOpenException"/> class.</summary>
    /// <param name="endpoint">The endpoint whose circuit is open.</param>
    /// <param name="retryAfter">How long until the circuit lets a probe through, if known.</param>
    /// <param name="innerException">The circuit breaker's own exception.</param>
    public CustomCircuitOpenException(string endpoint, TimeSpan? retryAfter, Exception? innerException = null)
        : base($"The circuit breaker for {endpoint} is open after repeated failures; it will be tried again {(retryAfter is { } wait ? $"in {wait}" : "later")}.", null, null, null, innerException)
    {
        RetryAfter = retryAfter;
        Endpoint = endpoint;
    }
}
