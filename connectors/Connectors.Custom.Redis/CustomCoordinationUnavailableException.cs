using System;

namespace Connectors.Custom.Redis;

/// <summary>Redis, which the fleet's limits live in, could not be reached and <see cref="CustomRedisOptions.FailurePolicy"/>
/// is <see cref="CustomRedisFailurePolicy.FailClosed"/>: the call was refused and nothing was sent.</summary>
public sealed class CustomCoordinationUnavailableException : CustomEndpointException
{
    /// <summary>Initializes a new instance of the <see cref="CustomCoordinationUnavailableException"/> class.</summary>
    /// <param name="endpoint">The endpoint the call was for.</param>
    /// <param name="innerException">Why Redis could not be reached, when known.</param>
    public CustomCoordinationUnavailableException(string endpoint, Exception? innerException)
        : base($"The call to {endpoint} was refused: the fleet's shared limits (Redis) could not be reached and the failure policy is FailClosed; nothing was sent.", statusCode: null, responseContent: null, providerError: null, innerException)
    {
        Endpoint = endpoint;
    }
}
