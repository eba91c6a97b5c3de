using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// Lists the models an OpenAI-compatible endpoint serves (<c>GET {endpoint}/models</c>): id, owner, creation date and,
/// where the server reports it, the context length.
/// </summary>
/// <remarks>
/// <para>Calls go through the same pipeline as chat and embeddings: retries, circuit breaker, limits, timeouts and
/// failover to the backups, a log line per call, a <c>models</c> span under <see cref="CustomTelemetry.SourceName"/>.</para>
/// <para>An answer that is not a model list fails with <see cref="CustomProtocolException"/> (not JSON:
/// <see cref="CustomProtocolErrorKind.MalformedJson"/>; another shape: <see cref="CustomProtocolErrorKind.UnexpectedShape"/>);
/// an error status, or an error object sent with a success status, with <see cref="CustomEndpointException"/>.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class CustomModelCatalog : IDisposable
{
    private const string Operation = "models";
    private const string ModelsPath = "models";

    private static readonly ActivitySource s_activities = new(CustomTelemetry.SourceName);

    private readonly CustomModelCatalogOptions _options;
    private readonly ResilientExecutor<CustomApiClient> _executor;

    /// <summary>Initializes a new instance of the <see cref="CustomModelCatalog"/> class.</summary>
    /// <param name="options">The endpoint, key, resilience settings and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomModelCatalog(CustomModelCatalogOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, httpClient, timeProvider, loggerFactory, serviceId: null)
    {
    }

    internal CustomModelCatalog(CustomModelCatalogOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, string? serviceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, _options, loggerFactory);
        var clock = timeProvider ?? TimeProvider.System;
        var diagnostics = new ConnectorDiagnostics(_options, loggerFactory, tracker: null, serviceId);
        _executor = ResilientExecutor<CustomApiClient>.Create(_options, o => new CustomApiClient(o, httpClient, clock), clock, diagnostics);
    }

    /// <summary>Gets the address of the primary endpoint, without credentials.</summary>
    public Uri Endpoint => EndpointAddress.Sanitize(_options.Endpoint!);

    /// <summary>Lists the models the endpoint serves, in the order the server lists them.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models; empty when the server serves none (for example with no model loaded).</returns>
    /// <exception cref="CustomEndpointException">The server answered with an error, or could not be reached.</exception>
    /// <exception cref="CustomProtocolException">The answer is not a model list.</exception>
    public async Task<IReadOnlyList<CustomModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var activity = _options.EnableTelemetry ? s_activities.StartActivity($"{Operation} {Endpoint.Host}", ActivityKind.Client) : null;
        activity?.SetTag(GenAITags.ProviderName, _options.TelemetryName);
        activity?.SetTag(GenAITags.ServerAddress, Endpoint.Host);
        try
        {
            var result = await _executor.ExecuteAsync(
                Operation,
                static (api, attempt) => ListAsync(api, attempt.Token),
                estimatedTokens: 0,
                summarize: static _ => default,
                cancellationToken).ConfigureAwait(false);
            activity?.SetTag("connectors.custom.models.count", result.Value.Count);
            return result.Value;
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.SetTag(GenAITags.ErrorType, ex.GetType().FullName);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _executor.Dispose();

    private static async Task<IReadOnlyList<CustomModelInfo>> ListAsync(CustomApiClient api, CancellationToken cancellationToken)
    {
        using var response = await api.GetAsync(ModelsPath, cancellationToken).ConfigureAwait(false);
        using var body = await api.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (!ModelListParser.TryParse(body.Span, out var models))
        {
            throw api.CreateInBandException(body.Span, "instead of its model list", response);
        }

        return models;
    }
}
