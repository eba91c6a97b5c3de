using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>The embedding checks.</summary>
internal sealed partial class ProbeSession
{
    // Doubling from 8 reaches 2048 in nine requests; bisection then needs at most eleven more.
    private const int FirstBatchSize = 8;
    private const int MaxBatchRequests = 24;

    // The size search makes many requests, each bounded by the per-check timeout; the whole search gets a few of those.
    private const int BatchSearchTimeouts = 4;

    private const string Sample = "The quick brown fox jumps over the lazy dog.";
    private const string DimensionsParameter = "dimensions";

    private int _nativeDimensions;
    private EmbeddingEncodingFormat _embeddingFormat = EmbeddingEncodingFormat.Float;

    private async Task RunEmbeddingChecksAsync()
    {
        if (_options.EmbeddingModelId is null)
        {
            foreach (var name in (ReadOnlySpan<string>)[CustomProbeCheckNames.EmbeddingsFloat, CustomProbeCheckNames.EmbeddingsBase64, CustomProbeCheckNames.EmbeddingDimensions, CustomProbeCheckNames.EmbeddingBatchSize])
            {
                Add(name, CustomProbeOutcome.Skipped, "no embedding model was given", TimeSpan.Zero);
            }

            return;
        }

        await RunCheckAsync(CustomProbeCheckNames.EmbeddingsFloat, CheckFloatAsync).ConfigureAwait(false);
        var base64 = await RunCheckAsync(CustomProbeCheckNames.EmbeddingsBase64, CheckBase64Async).ConfigureAwait(false);
        if (base64.Error is not null && Succeeded(CustomProbeCheckNames.EmbeddingsFloat) && _quirks.SupportsBase64Embeddings)
        {
            Propose(nameof(CustomQuirkProfile.SupportsBase64Embeddings), q => q.SupportsBase64Embeddings = false, $"base64 requests failed ({base64.Check.Detail}) while float requests worked.");
        }

        // Later requests use whatever encoding worked, so they test one thing at a time.
        _embeddingFormat = Succeeded(CustomProbeCheckNames.EmbeddingsBase64) ? EmbeddingEncodingFormat.Base64 : EmbeddingEncodingFormat.Float;
        if (!Succeeded(CustomProbeCheckNames.EmbeddingsFloat) && !Succeeded(CustomProbeCheckNames.EmbeddingsBase64))
        {
            Add(CustomProbeCheckNames.EmbeddingDimensions, CustomProbeOutcome.Skipped, "no embeddings request worked", TimeSpan.Zero);
            Add(CustomProbeCheckNames.EmbeddingBatchSize, CustomProbeOutcome.Skipped, "no embeddings request worked", TimeSpan.Zero);
            return;
        }

        if (_nativeDimensions < 2)
        {
            Add(CustomProbeCheckNames.EmbeddingDimensions, CustomProbeOutcome.Skipped, "the model's vectors are too short to ask for shorter ones", TimeSpan.Zero);
        }
        else
        {
            await RunCheckAsync(CustomProbeCheckNames.EmbeddingDimensions, CheckDimensionsAsync).ConfigureAwait(false);
        }

        await RunCheckAsync(CustomProbeCheckNames.EmbeddingBatchSize, CheckBatchSizeAsync, _options.CheckTimeout * BatchSearchTimeouts).ConfigureAwait(false);
    }

    private async Task<(CustomProbeOutcome, string)> CheckFloatAsync(CancellationToken cancellationToken)
    {
        using var generator = CreateGenerator(EmbeddingEncodingFormat.Float);
        var result = await generator.GenerateAsync([Sample], null, cancellationToken).ConfigureAwait(false);
        _nativeDimensions = result[0].Vector.Length;
        return (CustomProbeOutcome.Supported, $"a vector of {_nativeDimensions} dimensions");
    }

    private async Task<(CustomProbeOutcome, string)> CheckBase64Async(CancellationToken cancellationToken)
    {
        var since = _observer.Count;
        _observer.CaptureSuccessBodies = true;
        try
        {
            using var generator = CreateGenerator(EmbeddingEncodingFormat.Base64);
            var result = await generator.GenerateAsync([Sample], null, cancellationToken).ConfigureAwait(false);
            _nativeDimensions = _nativeDimensions > 0 ? _nativeDimensions : result[0].Vector.Length;
            var exchanges = _observer.Since(since).Where(e => e.Path.EndsWith("/embeddings", StringComparison.Ordinal)).ToList();

            // The connector asks again with numbers when a server refuses base64; only the wire shows that it did.
            if (exchanges.Count > 1 && exchanges[0] is { Status: >= 400 } refused)
            {
                Propose(nameof(CustomQuirkProfile.SupportsBase64Embeddings), q => q.SupportsBase64Embeddings = false, $"base64 was rejected with HTTP {refused.Status} ({ErrorText(refused)}).");
                return (CustomProbeOutcome.NotSupported, $"base64 was rejected with HTTP {refused.Status} ({ErrorText(refused)}); the connector asked again for numbers");
            }

            return EncodingOf(exchanges.LastOrDefault()?.ResponseBody) switch
            {
                JsonTokenType.StartArray => (CustomProbeOutcome.NotSupported, "base64 was asked for, but the vectors came as numbers (read anyway)"),
                _ => (CustomProbeOutcome.Supported, $"a base64 vector of {result[0].Vector.Length} dimensions"),
            };
        }
        finally
        {
            _observer.CaptureSuccessBodies = false;
        }
    }

    private async Task<(CustomProbeOutcome, string)> CheckDimensionsAsync(CancellationToken cancellationToken)
    {
        var target = _nativeDimensions > 64 ? 64 : _nativeDimensions / 2;
        var (honoured, detail) = await TryDimensionsAsync(DimensionsParameter, target, cancellationToken).ConfigureAwait(false);
        if (honoured)
        {
            return (CustomProbeOutcome.Supported, $"asked for {target} of {_nativeDimensions} dimensions with 'dimensions', got {target}");
        }

        // Mistral's name for the same field.
        const string alternative = "output_dimension";
        var (alternativeHonoured, alternativeDetail) = await TryDimensionsAsync(alternative, target, cancellationToken).ConfigureAwait(false);
        if (alternativeHonoured)
        {
            Propose(nameof(CustomQuirkProfile.EmbeddingDimensionsParameter), q => q.EmbeddingDimensionsParameter = alternative, $"'dimensions' {detail}, while '{alternative}' worked.");
            return (CustomProbeOutcome.Supported, $"'dimensions' {detail}; '{alternative}' worked: asked for {target} of {_nativeDimensions}, got {target}");
        }

        return (CustomProbeOutcome.NotSupported, $"'dimensions' {detail}; '{alternative}' {alternativeDetail}");
    }

    /// <summary>Asks for shorter vectors under one field name; the generator insists on the size it asked for, so an
    /// ignored field shows up as a vector of the wrong size.</summary>
    private async Task<(bool Honoured, string Detail)> TryDimensionsAsync(string parameter, int target, CancellationToken cancellationToken)
    {
        using var generator = CreateGenerator(_embeddingFormat, target, dimensionsParameter: parameter);
        try
        {
            await generator.GenerateAsync([Sample], null, cancellationToken).ConfigureAwait(false);
            return (true, string.Empty);
        }
        catch (CustomProtocolException ex) when (ex.Kind == CustomProtocolErrorKind.UnexpectedShape)
        {
            return (false, $"was ignored ({ex.Message.TrimEnd('.')})");
        }
        catch (CustomEndpointException ex) when (ex.StatusCode is { } status && ProbeText.IsRejection(status))
        {
            return (false, $"was rejected with HTTP {(int)status} ({ProbeText.ProviderText(ex)})");
        }
    }

    /// <summary>Finds the most inputs one request may carry: double from <see cref="FirstBatchSize"/> until a request
    /// is refused or the cap is reached, then bisect between the last accepted and the first refused size.</summary>
    private async Task<(CustomProbeOutcome, string)> CheckBatchSizeAsync(CancellationToken cancellationToken)
    {
        var cap = _options.MaxEmbeddingBatchSize;
        var inputs = Enumerable.Range(0, cap).Select(i => string.Create(CultureInfo.InvariantCulture, $"probe input {i}")).ToArray();
        var accepted = 1;
        int? refused = null;
        string? refusal = null;
        string? stopped = null;
        var requests = 0;

        async Task<bool> TryAsync(int count)
        {
            if (requests >= MaxBatchRequests)
            {
                stopped = $"the search used its {MaxBatchRequests} requests";
                return false;
            }

            requests++;
            var (attempt, detail) = await TryBatchAsync(inputs, count, cancellationToken).ConfigureAwait(false);
            switch (attempt)
            {
                case ProbeBatchAttempt.Accepted:
                    accepted = Math.Max(accepted, count);
                    break;
                case ProbeBatchAttempt.Rejected:
                    refused = count;
                    refusal = detail;
                    break;
                default:
                    stopped = detail;
                    return false;
            }

            return true;
        }

        var size = Math.Min(FirstBatchSize, cap);
        while (await TryAsync(size).ConfigureAwait(false) && refused is null && size < cap)
        {
            size = Math.Min(size * 2, cap);
        }

        while (stopped is null && refused is { } high && high - accepted > 1)
        {
            await TryAsync(accepted + ((high - accepted) / 2)).ConfigureAwait(false);
        }

        var tried = requests == 1 ? "1 request" : $"{requests} requests";
        if (refused is { } limit)
        {
            _maxEmbeddingInputs = accepted;
            if (accepted < CustomProbeOptions.DefaultMaxEmbeddingBatchSize)
            {
                Propose(nameof(CustomQuirkProfile.MaxEmbeddingInputs), q => q.MaxEmbeddingInputs = accepted, $"a request of {accepted} inputs was accepted and one of {limit} refused ({refusal}).");
            }

            var exact = limit == accepted + 1 ? $"at most {accepted}" : $"{accepted}, not {limit} (the search stopped: {stopped})";
            return (CustomProbeOutcome.Supported, $"accepts {exact} inputs per request; {limit} was refused ({refusal}); {tried}");
        }

        return stopped is null
            ? (CustomProbeOutcome.Supported, $"accepts {accepted} inputs per request, the cap of this search; {tried}")
            : (CustomProbeOutcome.Failed, $"inconclusive: accepts at least {accepted} inputs per request, then {stopped}; {tried}");
    }

    private async Task<(ProbeBatchAttempt, string)> TryBatchAsync(string[] inputs, int size, CancellationToken cancellationToken)
    {
        using var generator = CreateGenerator(_embeddingFormat, maxInputs: size);
        try
        {
            await generator.GenerateAsync(new ArraySegment<string>(inputs, 0, size), null, cancellationToken).ConfigureAwait(false);
            return (ProbeBatchAttempt.Accepted, string.Empty);
        }
        catch (CustomEndpointException ex) when (ex.StatusCode is { } status && (int)status >= 400
            && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests))
        {
            // Servers refuse an oversized batch with 400, 413 or 422, and some local ones with a 500.
            return (ProbeBatchAttempt.Rejected, $"HTTP {(int)status}: {ProbeText.ProviderText(ex)}");
        }
        catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
        {
            return (ProbeBatchAttempt.Inconclusive, $"the search ran out of time at {size} inputs");
        }
        catch (Exception ex) when (ex is CustomEndpointException or CustomProtocolException or CustomTimeoutException)
        {
            return (ProbeBatchAttempt.Inconclusive, $"{size} inputs: {ProbeText.Classify(ex).Detail}");
        }
    }

    private CustomEmbeddingGenerator CreateGenerator(EmbeddingEncodingFormat format, int? dimensions = null, int maxInputs = 1, string? dimensionsParameter = null)
    {
        var options = new CustomEmbeddingOptions
        {
            Endpoint = _options.Endpoint,
            ModelId = _options.EmbeddingModelId,
            EncodingFormat = format,
            Dimensions = dimensions,
            MaxInputsPerRequest = Math.Max(1, maxInputs),
            MaxParallelRequests = 1,
            EnableTelemetry = false,
            Quirks = new CustomQuirkProfile { EmbeddingDimensionsParameter = dimensionsParameter ?? DimensionsParameter },
        };
        ApplyEndpointSettings(options);
        return new CustomEmbeddingGenerator(options, _http);
    }

    /// <summary>How the first vector of an embeddings answer travelled: a string (base64) or an array (numbers).</summary>
    private static JsonTokenType? EncodingOf(byte[]? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8) && reader.Read())
                {
                    return reader.TokenType;
                }
            }
        }
        catch (JsonException)
        {
            // The connector already read this body successfully; an oddity here only means "cannot tell".
        }

        return null;
    }
}
