using System;
using System.Net;
using System.Net.Http;

namespace Connectors.Custom;

/// <summary>Decides which failures are worth another attempt, and which justify moving to another endpoint.</summary>
internal static class FailureClassifier
{
    /// <summary>Whether the same endpoint may succeed if asked again: 408, 409, 429, 500, 502, 503, 504, 529,
    /// transport failures, responses cut off or garbled on the way (truncated or malformed JSON, dropped connections;
    /// nothing has reached the caller when a retry happens) and attempt timeouts. Quota exhaustion (402,
    /// <c>insufficient_quota</c>) and every other client error are final.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        CustomRateLimitException or CustomCircuitOpenException => false,
        CustomTimeoutException { Kind: CustomTimeoutKind.Attempt } => true,
        CustomProtocolException { Kind: CustomProtocolErrorKind.StreamTruncated or CustomProtocolErrorKind.MalformedJson } => true,
        CustomEndpointException { StatusCode: null, InnerException: HttpRequestException } => true,
        CustomEndpointException { IsInBandError: true } => false,
        CustomEndpointException endpoint when IsQuotaExhausted(endpoint) => false,
        CustomEndpointException { StatusCode: { } status } => IsTransientStatus(status),
        _ => false,
    };

    /// <summary>Whether another endpoint may succeed where this one failed: anything transient, plus an open circuit,
    /// a rate limit (the server's or ours), an in-stream server error, and any response this endpoint's server could
    /// not produce in the protocol's shape.</summary>
    public static bool CanFailOver(Exception exception) => exception switch
    {
        CustomRateLimitException or CustomCircuitOpenException => true,
        CustomEndpointException { IsInBandError: true } => true,
        CustomProtocolException => true,
        _ => IsTransient(exception),
    };

    /// <summary>Whether a failure says the endpoint is struggling, for its circuit breaker: anything transient, a
    /// stream that went silent, or an error the server reported inside a successful response (before or after the
    /// first streamed update). Client errors such as 400 are the request's fault and do not count.</summary>
    public static bool CountsAgainstEndpoint(Exception exception) => exception switch
    {
        CustomTimeoutException { Kind: CustomTimeoutKind.StreamIdle } => true,
        CustomEndpointException { IsInBandError: true } => true,
        _ => IsTransient(exception),
    };

    private static bool IsTransientStatus(HttpStatusCode status) => (int)status is 408 or 409 or 429 or 500 or 502 or 503 or 504 or 529;

    private static bool IsQuotaExhausted(CustomEndpointException exception) =>
        exception.StatusCode == HttpStatusCode.PaymentRequired
        || exception.ProviderError?.Code == "insufficient_quota"
        || exception.ProviderError?.Type == "insufficient_quota";
}
