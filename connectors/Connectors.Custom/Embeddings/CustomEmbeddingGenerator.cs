using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

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
    private const string EmbeddingsPath = "embeddings";

    private readonly CustomApiClient _api;
    private readonly CustomEmbeddingOptions _options;
    private int _observedDimensions;
    private volatile bool _base64Rejected;

    /// <summary>Initializes a new instance of the <see cref="CustomEmbeddingGenerator"/> class.</summary>
    /// <param name="options">The endpoint, model and batching settings. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomEmbeddingGenerator(CustomEmbeddingOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _api = new CustomApiClient(_options, httpClient);
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

        var call = new EmbeddingCall(inputs, options, options?.ModelId ?? ModelId, options?.Dimensions ?? _options.Dimensions);
        var batches = EmbeddingBatcher.Split(inputs, _options.MaxInputsPerRequest, _options.MaxTokensPerRequest);
        if (batches.Count == 1)
        {
            await SendBatchAsync(call, batches[0], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelRequests, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batches, parallel, (batch, token) => new ValueTask(SendBatchAsync(call, batch, token))).ConfigureAwait(false);
        }

        return call.ToResult();
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(CustomConnectorInfo.ProviderName, EndpointAddress.Sanitize(_api.BaseAddress), ModelId, Dimensions)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the HttpClient is either the caller's or the process-wide shared one.
    }

    private async Task SendBatchAsync(EmbeddingCall call, EmbeddingBatch batch, CancellationToken cancellationToken)
    {
        var format = _base64Rejected ? EmbeddingEncodingFormat.Float : _options.EncodingFormat;
        try
        {
            await SendBatchAsync(call, batch, format, cancellationToken).ConfigureAwait(false);
        }
        catch (CustomEndpointException ex) when (format == EmbeddingEncodingFormat.Base64 && RejectsBase64(ex))
        {
            // Some servers accept only float vectors and say so with a 400/422; remember it for this endpoint.
            _base64Rejected = true;
            await SendBatchAsync(call, batch, EmbeddingEncodingFormat.Float, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendBatchAsync(EmbeddingCall call, EmbeddingBatch batch, EmbeddingEncodingFormat format, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(EstimateRequestSize(call.Inputs, batch));
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true }))
        {
            EmbeddingRequestWriter.Write(writer, call.Inputs, batch, call.ModelId, call.RequestedDimensions, format, call.Options);
        }

        using var response = await _api.PostAsync(EmbeddingsPath, body.WrittenMemory, streaming: false, cancellationToken).ConfigureAwait(false);
        using var content = await _api.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);

        var expected = call.RequestedDimensions ?? (call.ModelId == ModelId ? Volatile.Read(ref _observedDimensions) : 0);
        var parsed = EmbeddingResponseParser.Parse(content.Span, call.Vectors, batch, expected);
        if (parsed.IsError)
        {
            throw _api.CreateInBandException(content.Span, "in its embeddings response", response);
        }

        if (call.ModelId == ModelId && call.RequestedDimensions is null)
        {
            Interlocked.CompareExchange(ref _observedDimensions, parsed.Dimensions, 0);
        }

        call.Record(parsed);
    }

    private static bool RejectsBase64(CustomEndpointException ex) =>
        ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
        && ((ex.ProviderError?.Message ?? ex.ResponseContent ?? string.Empty) is var text)
        && (text.Contains("encoding_format", StringComparison.OrdinalIgnoreCase) || text.Contains("base64", StringComparison.OrdinalIgnoreCase) || ex.ProviderError?.Param == "encoding_format");

    private static int EstimateRequestSize(IReadOnlyList<string> inputs, EmbeddingBatch batch)
    {
        long size = 256;
        for (var i = batch.Offset; i < batch.Offset + batch.Count; i++)
        {
            size += inputs[i].Length + 4;
        }

        return (int)Math.Min(size, 64 * 1024 * 1024);
    }
}
