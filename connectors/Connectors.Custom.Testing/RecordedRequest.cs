using System;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>One request <see cref="LocalOpenAIServer"/> received, as it arrived.</summary>
/// <remarks>Immutable once the server publishes it in <see cref="LocalOpenAIServer.Requests"/>.</remarks>
public sealed class RecordedRequest
{
    internal RecordedRequest(long sequence, DateTimeOffset receivedAt, string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        Sequence = sequence;
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
    }

    /// <summary>Gets the 0-based position of the request in arrival order.</summary>
    public long Sequence { get; }

    /// <summary>Gets when the server received the request.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the path, for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the request headers (names case-insensitive; repeated values joined with <c>, </c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the body as UTF-8 text (empty when there was none).</summary>
    public string Body { get; }

    /// <summary>Gets the fault injected into the answer to this request, or null when it was answered normally.</summary>
    public FaultKind? Fault { get; internal set; }
}
