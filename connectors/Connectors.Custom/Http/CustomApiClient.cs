using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Sends requests to one OpenAI-compatible endpoint: joins the address, adds authentication and extra headers,
/// and turns every failure into a typed exception. Knows nothing of chat or embeddings.
/// </summary>
/// <remarks>Thread-safe; one instance serves all calls of a service.</remarks>
internal sealed class CustomApiClient
{
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json") { CharSet = "utf-8" };

    // Addresses are joined and parsed once per operation path, not once per request.
    private readonly ConcurrentDictionary<string, Uri> _addresses = new(StringComparer.Ordinal);

    private readonly HttpClient _httpClient;
    private readonly RequestHeaders _headers;

    private readonly TimeProvider _timeProvider;

    public CustomApiClient(CustomEndpointOptions options, HttpClient? httpClient, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        BaseAddress = options.Endpoint!;
        _headers = new RequestHeaders(options);
        MaxResponseBytes = options.MaxResponseBytes;
        MaxStreamEventBytes = options.MaxStreamEventBytes;
        MaxStreamBytes = options.MaxStreamBytes;
        MaxErrorContentLength = options.MaxErrorContentLength;

        // A caller's client is used as it is: its Timeout is the caller's choice (see ConnectorHttpClients).
        _httpClient = httpClient ?? SharedHttpClient.Instance;
    }

    public Uri BaseAddress { get; }

    public int MaxResponseBytes { get; }

    public int MaxStreamEventBytes { get; }

    public long MaxStreamBytes { get; }

    public int MaxErrorContentLength { get; }

    /// <summary>POSTs a JSON body and returns the response once its headers have arrived and its status is a success.</summary>
    /// <exception cref="CustomEndpointException">The server could not be reached or answered with an error status.</exception>
    public Task<HttpResponseMessage> PostAsync(string relativePath, ReadOnlyMemory<byte> jsonBody, bool streaming, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(jsonBody);
        content.Headers.ContentType = s_jsonContentType;
        return PostAsync(relativePath, content, streaming ? "text/event-stream" : "application/json", cancellationToken);
    }

    /// <summary>POSTs any body (a multipart upload, say) and returns the response once its headers have arrived and its
    /// status is a success. The request, and with it <paramref name="content"/>, is disposed once the headers arrive.</summary>
    /// <exception cref="CustomEndpointException">The server could not be reached or answered with an error status.</exception>
    public Task<HttpResponseMessage> PostAsync(string relativePath, HttpContent content, string accept, CancellationToken cancellationToken)
    {
        var address = AddressOf(relativePath);
        var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return SendAsync(request, address, cancellationToken);
    }

    /// <summary>GETs a JSON resource and returns the response once its headers have arrived and its status is a success.</summary>
    /// <exception cref="CustomEndpointException">The server could not be reached or answered with an error status.</exception>
    public Task<HttpResponseMessage> GetAsync(string relativePath, CancellationToken cancellationToken)
    {
        var address = AddressOf(relativePath);
        var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return SendAsync(request, address, cancellationToken);
    }

    private Uri AddressOf(string relativePath) =>
        _addresses.GetOrAdd(relativePath, static (path, baseAddress) => EndpointAddress.Combine(baseAddress, path), BaseAddress);

    /// <summary>Authenticates and sends <paramref name="request"/>, and disposes it (with its content) once the headers
    /// arrived; an unreachable server or an error status becomes a typed exception.</summary>
    /// <remarks>The request is disposed here rather than by <see cref="PostAsync(string, HttpContent, string, CancellationToken)"/>
    /// and <see cref="GetAsync"/>, so they need no state machine of their own on every call.</remarks>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri address, CancellationToken cancellationToken)
    {
        using var owned = request;
        await _headers.ApplyAsync(request, cancellationToken).ConfigureAwait(false);

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // A transport failure keeps its real (absent) status: inventing one would mislead retry decisions.
            throw new CustomEndpointException(
                $"Could not reach {EndpointAddress.Describe(address)}: {ex.Message}",
                ex.StatusCode,
                responseContent: null,
                innerException: ex)
            {
                Endpoint = EndpointAddress.Describe(address),
            };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CreateStatusExceptionAsync(response, address, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a successful non-streaming body within the configured limit.</summary>
    /// <remarks>A value task: a short body is usually in the connection's buffer already, and then nothing is allocated
    /// to hand it over.</remarks>
    public async ValueTask<ResponseBody> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await ResponseBody.ReadAsync(response.Content, MaxResponseBytes, throwWhenTooLarge: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.StreamTruncated,
                $"The connection to {EndpointAddress.Describe(BaseAddress)} closed before the whole response arrived: {ex.Message}",
                ex);
        }
    }

    /// <summary>Builds the exception for an error reported inside a successful response (a body or a stream event).</summary>
    public CustomEndpointException CreateInBandException(ReadOnlySpan<byte> body, string operation, HttpResponseMessage response)
    {
        var error = Redact(ProviderErrorParser.TryParse(body));
        var text = error?.Message ?? Redact(ProviderErrorParser.DescribeNonJsonBody(body, response.Content.Headers.ContentType?.MediaType));
        return new CustomEndpointException(
            $"{EndpointAddress.Describe(BaseAddress)} reported an error {operation}: {text}",
            response.StatusCode,
            BoundedText(body),
            error)
        {
            Endpoint = EndpointAddress.Describe(response.RequestMessage?.RequestUri ?? BaseAddress),
            RequestId = ReadRequestId(response),
            IsInBandError = true,
        };
    }

    private async Task<CustomEndpointException> CreateStatusExceptionAsync(HttpResponseMessage response, Uri address, CancellationToken cancellationToken)
    {
        ResponseBody? body = null;
        try
        {
            body = await ResponseBody.ReadAsync(response.Content, Math.Max(MaxErrorContentLength, 64 * 1024), throwWhenTooLarge: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status is what matters; a body that cannot be read adds nothing.
        }

        using (body)
        {
            var span = body is null ? ReadOnlySpan<byte>.Empty : body.Span;
            var error = Redact(ProviderErrorParser.TryParse(span));
            var detail = error?.Message ?? Redact(ProviderErrorParser.DescribeNonJsonBody(span, response.Content.Headers.ContentType?.MediaType));
            var status = (int)response.StatusCode;
            var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
            return new CustomEndpointException(
                $"{EndpointAddress.Describe(address)} returned HTTP {status} ({reason}): {detail}",
                response.StatusCode,
                BoundedText(span),
                error)
            {
                Endpoint = EndpointAddress.Describe(address),
                RequestId = ReadRequestId(response),
                RetryAfter = RetryAfterParser.Read(response.Headers, _timeProvider, response.StatusCode),
            };
        }
    }

    private string BoundedText(ReadOnlySpan<byte> body)
    {
        var text = Redact(System.Text.Encoding.UTF8.GetString(body));
        return text.Length <= MaxErrorContentLength ? text : text[..MaxErrorContentLength];
    }

    private string Redact(string text) => _headers.Redact(text);

    private CustomProviderError? Redact(CustomProviderError? error) => error is null ? null : error with
    {
        Message = Redact(error.Message),
        Param = error.Param is null ? null : Redact(error.Param),
    };

    private static string? ReadRequestId(HttpResponseMessage response)
    {
        foreach (var name in (ReadOnlySpan<string>)["x-request-id", "request-id", "x-generation-id", "apim-request-id"])
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }
}
