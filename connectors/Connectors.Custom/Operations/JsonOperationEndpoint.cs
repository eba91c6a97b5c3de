using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>One endpoint of a non-chat JSON operation (image generation, reranking): sends one request body and reads
/// one JSON answer, turning an error reported inside a successful response into the same exception as an error status.</summary>
/// <typeparam name="TOptions">The service's options type; each backup has its own.</typeparam>
internal sealed class JsonOperationEndpoint<TOptions>
    where TOptions : CustomEndpointOptions
{
    public JsonOperationEndpoint(TOptions options, HttpClient? httpClient, TimeProvider timeProvider)
    {
        Options = options;
        Api = new CustomApiClient(options, httpClient, timeProvider);
    }

    /// <summary>Gets this endpoint's settings (its own model, quirks and price).</summary>
    public TOptions Options { get; }

    public CustomApiClient Api { get; }

    /// <summary>POSTs the body <paramref name="write"/> produces to <paramref name="path"/> and parses the answer.</summary>
    /// <param name="path">The path relative to the endpoint's base address, for example <c>rerank</c>.</param>
    /// <param name="state">What the request is written from.</param>
    /// <param name="write">Writes the JSON request for this endpoint.</param>
    /// <param name="sizeHint">The expected request size in bytes.</param>
    /// <param name="parse">Reads the answer's root element; throws <see cref="CustomProtocolException"/> for a wrong shape.</param>
    /// <param name="description">What the answer is, for messages: <c>rerank</c>, <c>image generation</c>.</param>
    /// <param name="attempt">The attempt: its token, and where the reported usage goes.</param>
    /// <exception cref="CustomEndpointException">The server answered with an error (status or in-band).</exception>
    /// <exception cref="CustomProtocolException">The answer is not JSON or not of the expected shape.</exception>
    public async Task<T> PostAsync<TState, T>(string path, TState state, Action<Utf8JsonWriter, TState, TOptions> write, int sizeHint, Func<JsonElement, T> parse, string description, AttemptScope attempt)
    {
        var cancellationToken = attempt.Token;
        using var body = PooledRequestBody.Write(sizeHint, (State: state, Write: write, Options), static (writer, s) => s.Write(writer, s.State, s.Options));
        using var response = await Api.PostAsync(path, body.WrittenMemory, streaming: false, cancellationToken).ConfigureAwait(false);
        using var content = await Api.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);

        using var document = ParseDocument(content.Span, description);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null)
        {
            throw Api.CreateInBandException(content.Span, $"in its {description} response", response);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("usage", out var usage))
        {
            attempt.ReportUsage(ReadUsage(usage));
        }

        return parse(root);
    }

    private JsonDocument ParseDocument(ReadOnlySpan<byte> content, string description)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.MalformedJson,
                $"{EndpointAddress.Describe(Api.BaseAddress)} returned a {description} response that is not valid JSON: {ex.Message}",
                ex);
        }
    }

    private static UsagePayload? ReadUsage(JsonElement usage)
    {
        var reader = new Utf8JsonReader(JsonSerializer.SerializeToUtf8Bytes(usage, CustomJsonContext.Default.JsonElement));
        reader.Read();
        return UsageParser.Read(ref reader);
    }
}
