using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for any OpenAI-compatible <c>embeddings</c> endpoint.
/// </summary>
/// <remarks>
/// <para>One call embeds any number of inputs: they are split into requests of at most
/// <see cref="CustomEmbeddingOptions.MaxInputsPerRequest"/> inputs (and, if set, estimated tokens), sent with up to
/// <see cref="CustomEmbeddingOptions.MaxParallelRequests"/> in flight, and returned in input order.</para>
/// <para>Vectors are requested as base64 and decoded straight into <c>float</c> memory. A server that answers with
/// numbers anyway is read as well; one that rejects base64 is asked again with floats once, and from then on this
/// instance asks it for floats.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class CustomEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly CustomEmbeddingOptions _options;
    private const string Operation = "embeddings";

    private readonly ResilientExecutor<EmbeddingEndpoint> _executor;
    private readonly ConnectorDiagnostics _diagnostics;
    private readonly TimeProvider _clock;
    private int _observedDimensions;

    /// <summary>Initializes a new instance of the <see cref="CustomEmbeddingGenerator"/> class.</summary>
    /// <param name="options">The endpoint, model, batching and resilience settings, and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used. A
    /// client whose <see cref="HttpClient.Timeout"/> is shorter than the total timeout would cut calls short, which is
    /// logged once as a warning.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomEmbeddingGenerator(CustomEmbeddingOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomEmbeddingGenerator(CustomEmbeddingOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, _options, loggerFactory);
        var clock = _clock = timeProvider ?? TimeProvider.System;
        _diagnostics = new ConnectorDiagnostics(_options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<EmbeddingEndpoint>.Create(_options, o => new EmbeddingEndpoint(o, httpClient, clock), clock, _diagnostics, fleet);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <summary>Gets the vector size: the configured one, else the size of the first vector received, else null.</summary>
    public int? Dimensions => _options.Dimensions ?? (_observedDimensions > 0 ? _observedDimensions : null);

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        EmbeddingBatcher.ValidateInputs(inputs);
        if (inputs.Count == 0)
        {
            return [];
        }

        var started = _clock.GetTimestamp();
        var call = new EmbeddingCall(inputs, options, ModelId, options?.Dimensions ?? _options.Dimensions);
        var maxInputs = Math.Min(_options.MaxInputsPerRequest, _options.Quirks.MaxEmbeddingInputs ?? int.MaxValue);
        var batches = EmbeddingBatcher.Split(inputs, maxInputs, _options.MaxTokensPerRequest);
        if (batches.Count == 1)
        {
            await SendBatchAsync(call, batches[0], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelRequests, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batches, parallel, (batch, token) => new ValueTask(SendBatchAsync(call, batch, token))).ConfigureAwait(false);
        }

        var result = call.ToResult();
        // A call spans several resilient batches: it is recorded once, here, with the usage of them all.
        var summary = new CallSummary(result.Usage, result.Count > 0 ? result[0].ModelId : null, FinishReason: null, Text: null);
        var cost = _diagnostics.RecordSuccess(Operation, call.Endpoint ?? _executor.Endpoints[0].Name, call.ModelId, call.Price, summary, _clock.GetElapsedTime(started), null, call.Attempts);
        if (cost is not null)
        {
            (result.AdditionalProperties ??= [])[CustomMetadataKeys.Cost] = cost;
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), ModelId, Dimensions)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _executor.Dispose();

    /// <summary>Sends one batch with retries and failover; each batch is resilient on its own, so one failure late in
    /// a large ingestion does not repeat the batches that succeeded.</summary>
    private async Task SendBatchAsync(EmbeddingCall call, EmbeddingBatch batch, CancellationToken cancellationToken)
    {
        var expected = call.RequestedDimensions ?? (call.ModelId == ModelId ? Volatile.Read(ref _observedDimensions) : 0);
        var result = await _executor.ExecuteAsync(
            Operation,
            (endpoint, attempt) => endpoint.SendAsync(call, batch, expected, attempt),
            EstimateTokens(call.Inputs, batch),
            summarize: null,
            cancellationToken).ConfigureAwait(false);

        var (vectors, response) = result.Value;
        call.RecordEndpoint(result.Endpoint, result.Attempts, result.Price);
        if (call.ModelId == ModelId && call.RequestedDimensions is null)
        {
            Interlocked.CompareExchange(ref _observedDimensions, response.Dimensions, 0);
        }

        call.Record(batch, vectors, response);
    }

    private static int EstimateTokens(IReadOnlyList<string> inputs, EmbeddingBatch batch)
    {
        long tokens = 0;
        for (var i = batch.Offset; i < batch.Offset + batch.Count; i++)
        {
            tokens += TokenEstimator.ForText(inputs[i]);
        }

        return (int)Math.Min(tokens, int.MaxValue);
    }
}
