using System;
using System.Net;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>
/// Thrown when an OpenAI-compatible endpoint answers with an error: a non-success HTTP status, an error object in a
/// successful response, or an error event inside a stream.
/// </summary>
/// <remarks>
/// <para>It derives from Semantic Kernel's <see cref="HttpOperationException"/>, so code that already handles SK HTTP
/// failures keeps working. <see cref="HttpOperationException.ResponseContent"/> holds a bounded copy of the body.</para>
/// <para>The class is not sealed because the resilience layer derives more specific failures from it.</para>
/// <para>The message quotes the provider's own error text; API keys and request headers are never included.</para>
/// </remarks>
public class CustomEndpointException : HttpOperationException
{
    /// <summary>Initializes a new instance of the <see cref="CustomEndpointException"/> class.</summary>
    /// <param name="message">The exception message.</param>
    /// <param name="statusCode">The HTTP status code of the response (200 for errors reported inside a successful response).</param>
    /// <param name="responseContent">A bounded copy of the response body or event.</param>
    /// <param name="providerError">The error details parsed from the body, if any.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public CustomEndpointException(string message, HttpStatusCode? statusCode, string? responseContent, CustomProviderError? providerError = null, Exception? innerException = null)
        : base(statusCode, responseContent, message, innerException)
    {
        ProviderError = providerError;
    }

    /// <summary>Gets the error details the provider sent (message, type, code, parameter), when the body had them.</summary>
    public CustomProviderError? ProviderError { get; }

    /// <summary>Gets the request id the server returned in <c>x-request-id</c> (or a similar header), when present.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the address that failed, without query string.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets whether the error was reported inside a response whose HTTP status was successful.</summary>
    public bool IsInBandError { get; init; }

    /// <summary>Gets how long the server asked to wait before trying again (<c>retry-after-ms</c>, <c>Retry-After</c>
    /// as seconds or an HTTP date, or OpenAI's <c>x-ratelimit-reset-*</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets how many attempts the call made, over all endpoints, before it failed (0 when the failure did
    /// not come through the resilience layer).</summary>
    public int Attempts { get; internal set; }
}
