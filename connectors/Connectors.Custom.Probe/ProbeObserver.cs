using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Watches every request the probe's clients send: which answered at all, with what status, which rate-limit headers
/// came back, and the bodies of rejected requests. The connector's clients adapt to some rejections on their own
/// (dropping <c>stream_options</c>, falling back from base64), so the wire is the only place the probe can see them.
/// </summary>
internal sealed class ProbeObserver : DelegatingHandler
{
    // Large enough for any error body or a one-input embeddings answer; the connector's own limit is the same.
    private const int MaxCapturedBytes = 64 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly List<ProbeExchange> _exchanges = [];
    private readonly SortedSet<string> _rateLimitHeaders = new(StringComparer.Ordinal);
    private int _responses;
    private volatile bool _captureSuccessBodies;

    public ProbeObserver(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>Gets how many responses (of any status) arrived.</summary>
    public int ResponseCount => Volatile.Read(ref _responses);

    /// <summary>Gets or sets whether successful response bodies are captured too (only while a check needs them).</summary>
    public bool CaptureSuccessBodies
    {
        get => _captureSuccessBodies;
        set => _captureSuccessBodies = value;
    }

    /// <summary>Gets how many exchanges have been recorded; pass it to <see cref="Since"/> later.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _exchanges.Count;
            }
        }
    }

    /// <summary>Gets the names (lower case, sorted) of the rate-limit headers seen so far.</summary>
    public IReadOnlyList<string> RateLimitHeaders
    {
        get
        {
            lock (_gate)
            {
                return _rateLimitHeaders.ToArray();
            }
        }
    }

    /// <summary>Returns the exchanges recorded from position <paramref name="start"/> on.</summary>
    public IReadOnlyList<ProbeExchange> Since(int start)
    {
        lock (_gate)
        {
            return _exchanges.Skip(start).ToArray();
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var requestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Record(new ProbeExchange(request.Method.Method, path, null, requestBody, null), null);
            throw;
        }

        Interlocked.Increment(ref _responses);
        byte[]? responseBody = null;
        if (!response.IsSuccessStatusCode || _captureSuccessBodies)
        {
            try
            {
                // Buffered, so the connector still reads the whole body after this look at it.
#if NET9_0_OR_GREATER
                await response.Content.LoadIntoBufferAsync(MaxCapturedBytes, cancellationToken).ConfigureAwait(false);
#else
                await response.Content.LoadIntoBufferAsync(MaxCapturedBytes).ConfigureAwait(false);
#endif
                responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // A body that cannot be buffered is the connector's to report; the status is recorded regardless.
            }
        }

        Record(new ProbeExchange(request.Method.Method, path, (int)response.StatusCode, requestBody, responseBody), response);
        return response;
    }

    private void Record(ProbeExchange exchange, HttpResponseMessage? response)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
            if (response is null)
            {
                return;
            }

            foreach (var header in response.Headers)
            {
                var name = header.Key.ToLowerInvariant();
                if (IsRateLimitHeader(name))
                {
                    _rateLimitHeaders.Add(name);
                }
            }
        }
    }

    private static bool IsRateLimitHeader(string name) =>
        name.StartsWith("x-ratelimit", StringComparison.Ordinal)
        || name.StartsWith("x-rate-limit", StringComparison.Ordinal)
        || name.StartsWith("ratelimit", StringComparison.Ordinal)
        || name.StartsWith("retry-after", StringComparison.Ordinal);
}
