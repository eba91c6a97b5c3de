using System;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Thrown when one of the connector's own timeouts expires; <see cref="Kind"/> names which.</summary>
public sealed class CustomTimeoutException : KernelException
{
    /// <summary>Initializes a new instance of the <see cref="CustomTimeoutException"/> class.</summary>
    /// <param name="kind">Which timeout expired.</param>
    /// <param name="limit">The configured limit that was reached.</param>
    /// <param name="endpoint">The endpoint being called, if one was.</param>
    public CustomTimeoutException(CustomTimeoutKind kind, TimeSpan limit, string? endpoint)
        : base($"The {Describe(kind)} of {limit} expired{(endpoint is null ? string.Empty : $" calling {endpoint}")}.")
    {
        Kind = kind;
        Limit = limit;
        Endpoint = endpoint;
    }

    /// <summary>Gets which timeout expired.</summary>
    public CustomTimeoutKind Kind { get; }

    /// <summary>Gets the configured limit that was reached.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Gets the endpoint being called, if one was.</summary>
    public string? Endpoint { get; }

    private static string Describe(CustomTimeoutKind kind) => kind switch
    {
        CustomTimeoutKind.Attempt => "attempt timeout (AttemptTimeout, to the first byte or first streamed update)",
        CustomTimeoutKind.StreamIdle => "stream idle timeout (StreamIdleTimeout, between streamed updates)",
        _ => "total timeout (TotalTimeout, the whole call with retries and failover)",
    };
}
