using System;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>
/// Thrown when a server's answer cannot be read as the OpenAI chat protocol: malformed or truncated JSON, a body or
/// event over the configured size limit, a stream that stopped early, or JSON of an unexpected shape.
/// </summary>
/// <remarks>HTTP failures (non-success status codes and error objects sent by the server) are reported with
/// <see cref="CustomEndpointException"/> instead.</remarks>
public sealed class CustomProtocolException : KernelException
{
    /// <summary>Initializes a new instance of the <see cref="CustomProtocolException"/> class.</summary>
    /// <param name="kind">What was wrong.</param>
    /// <param name="message">A message that names the problem.</param>
    /// <param name="innerException">The exception that revealed the problem, if any.</param>
    public CustomProtocolException(CustomProtocolErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Gets what was wrong with the response.</summary>
    public CustomProtocolErrorKind Kind { get; }
}
