using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// Runs one non-chat HTTP operation (image generation, reranking) the way embeddings run: through the primary endpoint
/// and its backups with retries, failover, circuit breaking, limits and timeouts (<see cref="ResilientExecutor{TClient}"/>),
/// and with the call's log lines, usage record and cost recorded once (<see cref="ConnectorDiagnostics"/>).
/// </summary>
/// <typeparam name="TOptions">The service's options type.</typeparam>
/// <remarks>Thread-safe. One per service instance.</remarks>
internal sealed class JsonOperationRunner<TOptions> : IDisposable
    where TOptions : CustomEndpointOptions
{
    private readonly ResilientExecutor<JsonOperationEndpoint<TOptions>> _executor;

    /// <summary>Builds the runner for resolved options (preset applied, validated) and their backups; the other
    /// arguments are the service constructor's.</summary>
    public JsonOperationRunner(TOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet)
    {
        Options = options;
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, options, loggerFactory);
        var clock = timeProvider ?? TimeProvider.System;
        Diagnostics = new ConnectorDiagnostics(options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<JsonOperationEndpoint<TOptions>>.Create(options, o => new JsonOperationEndpoint<TOptions>(o, httpClient, clock), clock, Diagnostics, fleet);
    }

    /// <summary>Gets the primary endpoint's settings.</summary>
    public TOptions Options { get; }

    public ConnectorDiagnostics Diagnostics { get; }

    /// <summary>Runs <paramref name="attempt"/> until an endpoint succeeds or the call must fail, and records it.</summary>
    /// <param name="operation">The operation name for logs, usage records and the cost metric.</param>
    /// <param name="attempt">One attempt at one endpoint.</param>
    /// <param name="estimatedTokens">The tokens to charge against per-minute budgets before the answer is known.</param>
    /// <param name="summarize">What to record from the answer (usage, served model, billed units).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<ResilientResult<T>> RunAsync<T>(string operation, Func<JsonOperationEndpoint<TOptions>, AttemptScope, Task<T>> attempt, int estimatedTokens, Func<T, CallSummary> summarize, CancellationToken cancellationToken) =>
        _executor.ExecuteAsync(operation, attempt, estimatedTokens, summarize, cancellationToken);

    public void Dispose() => _executor.Dispose();
}
