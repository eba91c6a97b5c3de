namespace Connectors.Custom;

/// <summary>One request the probe made and what came back, as seen on the wire.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path (no query: it may hold a key).</param>
/// <param name="Status">The HTTP status, or null when no response arrived (connection failure, cancellation).</param>
/// <param name="RequestBody">The request body, when it had one.</param>
/// <param name="ResponseBody">The response body, for errors and for success responses the probe asked to see.</param>
internal sealed record ProbeExchange(string Method, string Path, int? Status, byte[]? RequestBody, byte[]? ResponseBody)
{
    /// <summary>Gets whether the server answered with a 4xx that rejects the request as written.</summary>
    public bool IsRejection => Status is 400 or 422;
}
