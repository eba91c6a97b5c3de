using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>One embeddings endpoint: sends a batch, reads the vectors, and remembers whether the server refused base64.</summary>
internal sealed class EmbeddingEndpoint
{
    private const string EmbeddingsPath = "embeddings";

    private readonly CustomApiClient _api;
    private readonly CustomEmbeddingOptions _options;
    private volatile bool _base64Rejected;

    public EmbeddingEndpoint(CustomEmbeddingOptions options, HttpClient? httpClient, TimeProvider timeProvider)
    {
        _options = options;
        _api = new CustomApiClient(options, httpClient, timeProvider);
    }

    public Uri BaseAddress => _api.BaseAddress;

    public string ModelId => _options.ModelId!;

    /// <summary>Embeds one batch into a new array (so retries and hedges never share result slots).</summary>
    /// <exception cref="RequestAdaptedException">The server refused base64; the next attempt asks for floats.</exception>
    public async Task<(float[]?[] Vectors, EmbeddingBatchResponse Response)> SendAsync(EmbeddingCall call, EmbeddingBatch batch, int expectedDimensions, AttemptScope attempt)
    {
        var format = _base64Rejected || !_options.Quirks.SupportsBase64Embeddings ? EmbeddingEncodingFormat.Float : _options.EncodingFormat;
        try
        {
            return await SendAsync(call, batch, format, expectedDimensions, attempt).ConfigureAwait(false);
        }
        catch (CustomEndpointException ex) when (format == EmbeddingEncodingFormat.Base64 && RejectsBase64(ex))
        {
            // Some servers accept only float vectors and say so with a 400/422; remember it for this endpoint. The float
            // request is a new request on the wire, so it is sent as an attempt of its own.
            _base64Rejected = true;
            throw new RequestAdaptedException(ex);
        }
    }

    private async Task<(float[]?[] Vectors, EmbeddingBatchResponse Response)> SendAsync(EmbeddingCall call, EmbeddingBatch batch, EmbeddingEncodingFormat format, int expectedDimensions, AttemptScope attempt)
    {
        var cancellationToken = attempt.Token;
        var modelId = call.ModelId == call.PrimaryModelId ? ModelId : call.ModelId;
        using var body = PooledRequestBody.Write(
            EstimateRequestSize(call.Inputs, batch),
            (Call: call, Batch: batch, ModelId: modelId, Format: format, Quirks: _options.Quirks),
            static (writer, s) => EmbeddingRequestWriter.Write(writer, s.Call.Inputs, s.Batch, s.ModelId, s.Call.RequestedDimensions, s.Format, s.Call.Options, s.Quirks));

        using var response = await _api.PostAsync(EmbeddingsPath, body.WrittenMemory, streaming: false, cancellationToken).ConfigureAwait(false);
        using var content = await _api.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);

        var vectors = new float[]?[batch.Count];
        var parsed = EmbeddingResponseParser.Parse(content.Span, vectors, new EmbeddingBatch(0, batch.Count), expectedDimensions);
        attempt.ReportUsage(parsed.Usage);
        if (parsed.IsError)
        {
            throw _api.CreateInBandException(content.Span, "in its embeddings response", response);
        }

        return (vectors, parsed);
    }

    private static bool RejectsBase64(CustomEndpointException ex) =>
        ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
        && (ex.ProviderError?.Param == "encoding_format"
            || (ex.ProviderError?.Message ?? ex.ResponseContent ?? string.Empty) is var text
                && (text.Contains("encoding_format", StringComparison.OrdinalIgnoreCase) || text.Contains("base64", StringComparison.OrdinalIgnoreCase)));

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
