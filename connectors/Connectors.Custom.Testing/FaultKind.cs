namespace Connectors.Custom.Testing;

/// <summary>A failure <see cref="LocalOpenAIServer"/> can inject into a chat completions or embeddings request, each
/// modelled on what real OpenAI-compatible servers and the proxies in front of them send.</summary>
/// <remarks>What each kind does is written in one table (<c>FaultTable</c>), a switch with no default arm: a new
/// kind does not compile until its behaviour is written there. Error bodies follow the server's wire profile (see
/// <see cref="FaultOptions"/>).</remarks>
public enum FaultKind
{
    /// <summary>HTTP 429 with <c>Retry-After: &lt;seconds&gt;</c> (<see cref="FaultOptions.RetryAfter"/>) and a
    /// <c>rate_limit_exceeded</c> error body.</summary>
    RateLimitRetryAfterSeconds = 0,

    /// <summary>HTTP 429 with <c>retry-after-ms: &lt;milliseconds&gt;</c> (<see cref="FaultOptions.RetryAfterMs"/>),
    /// as Azure OpenAI sends, and no <c>Retry-After</c>.</summary>
    RateLimitRetryAfterMs = 1,

    /// <summary>HTTP 429 with only OpenAI's <c>x-ratelimit-reset-requests</c> header, a Go-style duration such as
    /// <c>1s</c> (<see cref="FaultOptions.RateLimitReset"/>), plus the <c>x-ratelimit-limit/remaining-requests</c> headers.</summary>
    RateLimitResetHeaders = 2,

    /// <summary>HTTP 500, 502 or 503 (chosen by the fault random) with a <c>server_error</c> body.</summary>
    ServerError = 3,

    /// <summary>HTTP 502 with a <c>text/html</c> error page, as a reverse proxy sends when its upstream is down.</summary>
    HtmlErrorPage = 4,

    /// <summary>The connection is aborted before any response byte is sent.</summary>
    ResetBeforeHeaders = 5,

    /// <summary>Streaming: the first events (the role chunk and at least one content chunk) are sent, then the
    /// connection is aborted, with no finish reason and no <c>[DONE]</c>. Non-streaming: the headers (with the full
    /// <c>Content-Length</c>) and half of the body are sent, then the connection is aborted.</summary>
    DropMidStream = 6,

    /// <summary>The response is delayed by <see cref="FaultOptions.SlowFirstByteDelay"/>, then sent normally.</summary>
    SlowFirstByte = 7,

    /// <summary>Streaming: the first events are sent, then nothing for <see cref="FaultOptions.StallDuration"/> (2 s by
    /// default), then the connection is aborted; sooner if the client gives up or the server stops. Non-streaming: the
    /// headers and half of the body are sent, then the same stall.</summary>
    StallMidStream = 8,

    /// <summary>HTTP 200 whose JSON is cut off: non-streaming, half of the normal body (with a matching
    /// <c>Content-Length</c>); streaming, a first <c>data:</c> event holding half of a chunk, then <c>[DONE]</c>.</summary>
    MalformedJson = 9,
}
