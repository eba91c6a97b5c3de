using System;
using System.Net.Http;
using System.Threading;

namespace Connectors.Custom;

/// <summary>The HttpClient used when the caller supplies none: one per process, with pooled connections that are
/// recycled so DNS changes are seen, and no client-wide timeout (the connector's own options own timeouts).</summary>
internal static class SharedHttpClient
{
    private static readonly Lazy<HttpClient> s_instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The largest total size of a response's headers, in KiB (SocketsHttpHandler's unit); a larger header
    /// block fails the request as a transport error.</summary>
    public const int MaxResponseHeadersKilobytes = 64;

    public static HttpClient Instance => s_instance.Value;

    private static HttpClient Create()
    {
        // No automatic decompression: LLM answers are small and streamed, compression only delays chunks behind
        // proxies, and the decompression layer costs every request a header and a handler hop.
        // Response headers are bounded (the server is not trusted): LLM APIs send a few KiB at most, and gateways
        // that add cookies stay well under this. Set explicitly so the bound does not depend on a platform default.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
        };

        return new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
