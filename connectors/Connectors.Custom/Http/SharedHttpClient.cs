using System;
using System.Net.Http;
using System.Threading;

namespace Connectors.Custom;

/// <summary>The HttpClient used when the caller supplies none: one per process, with pooled connections that are
/// recycled so DNS changes are seen, and no client-wide timeout (the connector's own options own timeouts).</summary>
internal static class SharedHttpClient
{
    private static readonly Lazy<HttpClient> s_instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static HttpClient Instance => s_instance.Value;

    private static HttpClient Create()
    {
        // No automatic decompression: LLM answers are small and streamed, compression only delays chunks behind
        // proxies, and the decompression layer costs every request a header and a handler hop.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

        return new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
