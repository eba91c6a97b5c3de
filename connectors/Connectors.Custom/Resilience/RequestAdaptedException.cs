using System;

namespace Connectors.Custom;

/// <summary>Thrown by a protocol client when the server rejected a request in a way it has now learned to avoid
/// (a field it does not accept, a format it does not speak): the endpoint sends the adapted request as a new attempt,
/// with its own admission, limiter permit and attempt count. Never reaches the caller.</summary>
internal sealed class RequestAdaptedException(CustomEndpointException rejection)
    : Exception("The server rejected the request; it is sent again adapted.", rejection)
{
    /// <summary>Gets the rejection that taught the adaptation; the caller sees it if adapting does not help.</summary>
    public CustomEndpointException Rejection => rejection;
}
