using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// Which <see cref="HttpClient"/> a registered service sends with, and the one rule about timeouts: the connector sets
/// <see cref="HttpClient.Timeout"/> only on clients it creates (its shared client and its named factory clients); a
/// client the application supplies is never changed, only reported when its timeout would cut calls short.
/// </summary>
internal static partial class ConnectorHttpClients
{
    /// <summary>The <see cref="IHttpClientFactory"/> client name of chat services registered without a service id.</summary>
    public const string ChatName = "Connectors.Custom.chat";

    /// <summary>The <see cref="IHttpClientFactory"/> client name of embedding services registered without a service id.</summary>
    public const string EmbeddingsName = "Connectors.Custom.embeddings";

    /// <summary>The <see cref="IHttpClientFactory"/> client name of model catalogs registered without a service id.</summary>
    public const string ModelsName = "Connectors.Custom.models";
    /// <summary>The <see cref="IHttpClientFactory"/> client name of image services registered without a service id.</summary>
    public const string ImagesName = "Connectors.Custom.images";

    /// <summary>The <see cref="IHttpClientFactory"/> client name of rerankers registered without a service id.</summary>
    public const string RerankName = "Connectors.Custom.rerank";

    /// <summary>The <see cref="IHttpClientFactory"/> client name of transcription and speech services registered without a service id.</summary>
    public const string AudioName = "Connectors.Custom.audio";

    /// <summary>The named client of one registered service: <c>Connectors.Custom.chat</c>, or
    /// <c>Connectors.Custom.chat.{serviceId}</c> when it has a service id.</summary>
    public static string NameFor(string baseName, string? serviceId) =>
        serviceId is null ? baseName : baseName + "." + serviceId;

    /// <summary>Lifts the factory's 100-second default timeout on the connector's named client: a slow local model can
    /// take minutes to answer, and the connector's own timeouts apply instead. Inserted first, so a
    /// <c>ConfigureHttpClient</c> of the application's own still wins.</summary>
    public static void ConfigureNamedClient(IServiceCollection services, string name) =>
        services.Configure<HttpClientFactoryOptions>(name, options =>
            options.HttpClientActions.Insert(0, static client => client.Timeout = Timeout.InfiniteTimeSpan));

    /// <summary>The client a registered service uses: the one passed to the registration method, else the
    /// application's <see cref="IHttpClientFactory"/> client of that name, else an <see cref="HttpClient"/> registered in
    /// the container, else null (the shared client).</summary>
    /// <remarks>A service is a singleton, so its factory client lives as long as it does. That is safe: the factory's
    /// primary handler is a <see cref="SocketsHttpHandler"/> whose pooled connections are recycled (Microsoft.Extensions.Http
    /// 9 and later, unless the application replaces that handler), so DNS changes are still seen.</remarks>
    public static HttpClient? Resolve(IServiceProvider provider, HttpClient? supplied, string name) =>
        supplied
        ?? provider.GetService<IHttpClientFactory>()?.CreateClient(name)
        ?? provider.GetService<HttpClient>();

    /// <summary>Logs a warning when a client the connector did not create would end calls before the connector's own
    /// total timeout does; the client itself is left as it is.</summary>
    public static void WarnIfTimeoutShorter(HttpClient? client, CustomEndpointOptions options, ILoggerFactory? loggerFactory)
    {
        if (client is null || loggerFactory is null || client.Timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var total = options.Resilience?.Timeouts?.TotalTimeout;
        if (total is null || client.Timeout < total)
        {
            ClientTimeoutShorter(loggerFactory.CreateLogger(CustomTelemetry.SourceName), client.Timeout, total?.ToString() ?? "none");
        }
    }

    // An event id far from Log's (1-12) so the two lists can grow apart without colliding.
    [LoggerMessage(100, LogLevel.Warning, "The HttpClient given to the connector has a Timeout of {Timeout}, shorter than the connector's total timeout ({TotalTimeout}); calls may be cut off by HttpClient.Timeout. The connector does not change a client it did not create: set its Timeout to Timeout.InfiniteTimeSpan, or leave the client to the connector.")]
    private static partial void ClientTimeoutShorter(ILogger logger, TimeSpan timeout, string totalTimeout);
}
