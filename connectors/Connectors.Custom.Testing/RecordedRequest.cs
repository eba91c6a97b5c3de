using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>One request <see cref="LocalOpenAIServer"/> received, as it arrived: the body as bytes
/// (<see cref="Content"/>), with a UTF-8 text view (<see cref="Body"/>) for the JSON endpoints.</summary>
/// <remarks>Immutable once the server publishes it in <see cref="LocalOpenAIServer.Requests"/>.</remarks>
public sealed class RecordedRequest
{
    private readonly Lazy<string> _text;

    internal RecordedRequest(long sequence, DateTimeOffset receivedAt, string method, string path, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> content)
    {
        Sequence = sequence;
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        Headers = headers;
        Content = content;

        // Decoded once, on first use: audio and multipart bodies are never read as text.
        _text = new Lazy<string>(() => Encoding.UTF8.GetString(Content.Span), LazyThreadSafetyMode.PublicationOnly);
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

    /// <summary>Gets the body exactly as it arrived (empty when there was none).</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the body as UTF-8 text (empty when there was none); invalid UTF-8 becomes U+FFFD.</summary>
    public string Body => _text.Value;

    /// <summary>Gets the fault injected into the answer to this request, or null when it was answered normally.</summary>
    public FaultKind? Fault { get; internal set; }

    /// <summary>Reads the whole request as it arrived: method, path, headers and the body's bytes.</summary>
    internal static async Task<RecordedRequest> CaptureAsync(HttpRequest request, long sequence, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(request.ContentLength is long length and > 0 and < int.MaxValue ? (int)length : 0);
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);

        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        return new RecordedRequest(sequence, receivedAt, request.Method, request.Path.Value ?? string.Empty, headers, body.GetBuffer().AsMemory(0, (int)body.Length));
    }
}
