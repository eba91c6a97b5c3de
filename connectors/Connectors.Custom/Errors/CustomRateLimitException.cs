using System;
using System.Net;

namespace Connectors.Custom;

/// <summary>
/// Thrown when a call cannot proceed within the rate limits: the server asked to wait longer than the connector may
/// wait (<see cref="CustomRetryOptions.MaxRetryAfter"/>, or the time left of the call's total timeout), or a client-side
/// limit (<see cref="CustomRateLimitOptions"/>) rejected the call.
/// </summary>
public sealed class CustomRateLimitException : CustomEndpointException
{
    /// <summary>Initializes a new instance of the <see cref="CustomRateLimitException"/> class.</summary>
    /// <param name="message">The exception message.</param>
    /// <param name="requestedDelay">How long the server (or the client-side limiter) said to wait, if known.</param>
    /// <param name="isClientSide">Whether a client-side limit rejected the call rather than the server.</param>
    /// <param name="statusCode">The HTTP status the server answered with, if it was the server.</param>
    /// <param name="innerException">The server's error, if it was the server.</param>
    public CustomRateLimitException(string message, TimeSpan? requestedDelay, bool isClientSide, HttpStatusCode? statusCode = null, CustomEndpointException? innerException = null)
        : base(message, statusCode, innerException?.ResponseContent, innerException?.ProviderError, innerException)
    {
        RequestedDelay = requestedDelay;
        IsClientSide = isClientSide;
        RetryAfter = requestedDelay;
    }

    /// <summary>Gets how long the server or the limiter asked to wait, when it said.</summary>
    public TimeSpan? RequestedDelay { get; }

    /// <summary>Gets whether a client-side limit rejected the call (nothing was sent).</summary>
    public bool IsClientSide { get; }
}
