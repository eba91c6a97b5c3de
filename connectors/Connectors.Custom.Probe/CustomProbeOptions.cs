using System;
using System.Net.Http;

namespace Connectors.Custom;

/// <summary>What <see cref="CustomEndpointProbe"/> probes, and how far it may go.</summary>
/// <remarks>The API key is used for the probe's requests only: it is never put in the report, its details or
/// exception messages.</remarks>
public sealed class CustomProbeOptions
{
    /// <summary>The default for <see cref="MaxEmbeddingBatchSize"/>: OpenAI's limit, which is also the connector's
    /// default <see cref="CustomEmbeddingOptions.MaxInputsPerRequest"/>.</summary>
    public const int DefaultMaxEmbeddingBatchSize = 2048;

    /// <summary>Gets or sets the API base address including its version segment, for example
    /// <c>http://localhost:11434/v1</c>.</summary>
    /// <value>Required; no default.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the chat model to probe.</summary>
    /// <value>Required; no default.</value>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the embedding model to probe; when null the embedding checks are skipped.</summary>
    /// <value>Default: null.</value>
    public string? EmbeddingModelId { get; set; }

    /// <summary>Gets or sets the API key; null or empty sends no authentication header (local servers).</summary>
    /// <value>Default: null.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the header that carries the key.</summary>
    /// <value>Default: <c>Authorization</c>.</value>
    public string ApiKeyHeader { get; set; } = CustomEndpointOptions.DefaultApiKeyHeader;

    /// <summary>Gets or sets the scheme written before the key; null or empty sends the key alone.</summary>
    /// <value>Default: <c>Bearer</c>.</value>
    public string? ApiKeyScheme { get; set; } = CustomEndpointOptions.DefaultApiKeyScheme;

    /// <summary>Gets or sets whether a key may be sent over plain <c>http://</c> to another machine.</summary>
    /// <value>Default: false.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Gets or sets the client to send requests with (for a proxy or custom certificates); when null the
    /// probe creates and disposes its own. Either way the probe observes every response's headers.</summary>
    /// <value>Default: null.</value>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets or sets the largest embeddings batch the batch-size check tries.</summary>
    /// <value>Default: <see cref="DefaultMaxEmbeddingBatchSize"/> (2048).</value>
    public int MaxEmbeddingBatchSize { get; set; } = DefaultMaxEmbeddingBatchSize;

    /// <summary>Gets or sets how long each check may take (the batch-size search: each of its requests).</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the settings and throws an <see cref="ArgumentException"/> that names the first invalid one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        const string name = nameof(CustomProbeOptions);
        if (Endpoint is null)
        {
            throw new ArgumentException($"{name}.{nameof(Endpoint)} is required: set it to the API base address, for example http://localhost:11434/v1.", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{name}.{nameof(Endpoint)} must be an absolute http:// or https:// address; got '{EndpointAddress.Describe(Endpoint)}'.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new ArgumentException($"{name}.{nameof(ModelId)} is required: set it to the chat model id the server expects.", nameof(ModelId));
        }

        if (EmbeddingModelId is not null && string.IsNullOrWhiteSpace(EmbeddingModelId))
        {
            throw new ArgumentException($"{name}.{nameof(EmbeddingModelId)} must name a model when set.", nameof(EmbeddingModelId));
        }

        if (!HeaderValues.IsToken(ApiKeyHeader?.Trim()))
        {
            throw new ArgumentException($"{name}.{nameof(ApiKeyHeader)} must name a header, for example 'Authorization' or 'api-key'.", nameof(ApiKeyHeader));
        }

        HeaderValues.RequireNoControlCharacter(ApiKey, $"{name}.{nameof(ApiKey)}", nameof(ApiKey));
        HeaderValues.RequireNoControlCharacter(ApiKeyScheme, $"{name}.{nameof(ApiKeyScheme)}", nameof(ApiKeyScheme));

        if (MaxEmbeddingBatchSize is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{name}.{nameof(MaxEmbeddingBatchSize)} must be between 1 and 1000000; got {MaxEmbeddingBatchSize}.", nameof(MaxEmbeddingBatchSize));
        }

        // CancelAfter accepts at most about 24.8 days; a probe check has no business coming near that.
        if (CheckTimeout <= TimeSpan.Zero || CheckTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{name}.{nameof(CheckTimeout)} must be positive and at most one hour; got {CheckTimeout}.", nameof(CheckTimeout));
        }

        if (!string.IsNullOrEmpty(ApiKey) && Endpoint.Scheme == Uri.UriSchemeHttp && !Endpoint.IsLoopback && !AllowInsecureHttp)
        {
            throw new ArgumentException(
                $"{name}.{nameof(Endpoint)} '{EndpointAddress.Describe(Endpoint)}' uses plain http:// to another machine, which would send the API key in clear text; use https://, or set {nameof(AllowInsecureHttp)} if this network is trusted.",
                nameof(AllowInsecureHttp));
        }
    }

    /// <summary>Copies the settings, so changes the caller makes during a run have no effect on it.</summary>
    internal CustomProbeOptions Clone() => (CustomProbeOptions)MemberwiseClone();
}
