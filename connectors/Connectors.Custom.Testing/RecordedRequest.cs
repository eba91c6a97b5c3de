using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

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

    /// <summary>Reads the whole request as it arrived: method, path, headers and the body as UTF-8 text.</summary>
    internal static async Task<RecordedRequest> CaptureAsync(HttpRequest request, long sequence, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        return new RecordedRequest(sequence, receivedAt, request.Method, request.Path.Value ?? string.Empty, headers, body);
    }
}
