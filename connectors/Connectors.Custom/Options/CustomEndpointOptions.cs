using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Settings shared by every service that talks to one OpenAI-compatible endpoint: where it is, how to authenticate,
/// which extra headers to send and how much of a response may be buffered.
/// </summary>
/// <remarks>
/// Instances are plain mutable objects so they can be bound from configuration; services copy what they need when they
/// are constructed and validate it with <see cref="Validate"/>. The API key is never included in exception messages,
/// logs or <see cref="object.ToString"/>.
/// </remarks>
public abstract class CustomEndpointOptions
{
    /// <summary>The default header that carries the API key.</summary>
    public const string DefaultApiKeyHeader = "Authorization";

    /// <summary>The default scheme written before the API key in <see cref="DefaultApiKeyHeader"/>.</summary>
    public const string DefaultApiKeyScheme = "Bearer";

    /// <summary>
    /// Gets or sets the provider preset by name (<c>OpenAI</c>, <c>DeepSeek</c>, <c>Groq</c>, <c>Together</c>,
    /// <c>Mistral</c>, <c>Fireworks</c>, <c>OpenRouter</c>, <c>xAI</c>, <c>Perplexity</c>, <c>NvidiaNim</c>,
    /// <c>AzureOpenAI</c>, <c>Ollama</c>, <c>vLLM</c>, <c>LlamaCpp</c>, <c>LMStudio</c>, <c>LocalAI</c>; anything else
    /// is the generic profile). Setting it fills what is not set yet: <see cref="Endpoint"/>, the key header and scheme,
    /// <see cref="ApiKey"/> from the provider's usual environment variable, and <see cref="Quirks"/>, whose fields can
    /// then be overridden one by one. Set it first (in configuration it is read before the other keys).
    /// </summary>
    /// <value>Default: null (the generic profile).</value>
    public string? Provider
    {
        get => field;
        set
        {
            field = value;
            if (value is not null)
            {
                ApplyPreset(CustomProviders.FromName(value));
            }
        }
    }

    /// <summary>Gets or sets how this provider's wire format differs from OpenAI's. Set by <see cref="Provider"/>;
    /// each field can be overridden.</summary>
    public CustomQuirkProfile Quirks { get; set; } = new();

    /// <summary>Gets the name reported as <c>gen_ai.provider.name</c>.</summary>
    internal string TelemetryName { get; private set; } = CustomConnectorInfo.ProviderName;

    /// <summary>
    /// Gets or sets the API base address including its version segment, for example <c>http://localhost:11434/v1</c>
    /// or <c>https://api.deepseek.com/v1</c>. The connector appends <c>chat/completions</c> (or <c>embeddings</c>); a
    /// trailing slash is optional.
    /// </summary>
    /// <value>Required; no default.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the model id sent with every request unless a call overrides it.</summary>
    /// <value>Required; no default.</value>
    public string? ModelId { get; set; }

    /// <summary>
    /// Gets or sets the API key. When null or empty (and <see cref="ApiKeyProvider"/> is null) no authentication header
    /// is sent, which is what local servers such as Ollama, vLLM or llama.cpp expect.
    /// </summary>
    /// <value>Default: null.</value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets a callback that returns the API key for each request, for rotating or short-lived tokens.
    /// It takes precedence over <see cref="ApiKey"/>; returning null or empty sends no authentication header.
    /// </summary>
    /// <value>Default: null.</value>
    public Func<CancellationToken, ValueTask<string?>>? ApiKeyProvider { get; set; }

    /// <summary>
    /// Gets or sets the header that carries the API key: <c>Authorization</c> (the default), or for example
    /// <c>api-key</c> for gateways that expect it.
    /// </summary>
    /// <value>Default: <c>Authorization</c>.</value>
    public string ApiKeyHeader { get; set; } = DefaultApiKeyHeader;

    /// <summary>
    /// Gets or sets the scheme written before the key (<c>Bearer</c> by default). Null or empty sends the key alone,
    /// as in <c>api-key: &lt;key&gt;</c>.
    /// </summary>
    /// <value>Default: <c>Bearer</c>.</value>
    public string? ApiKeyScheme { get; set; } = DefaultApiKeyScheme;

    /// <summary>
    /// Gets extra headers sent with every request, for example OpenRouter's <c>HTTP-Referer</c> and <c>X-Title</c>.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the largest non-streaming response body, in bytes, that the connector buffers. A larger body fails
    /// with <see cref="CustomProtocolException"/> instead of being buffered without bound.
    /// </summary>
    /// <value>Default: 64 MiB.</value>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest single server-sent event, in bytes, that the connector buffers while streaming.
    /// </summary>
    /// <value>Default: 4 MiB.</value>
    public int MaxStreamEventBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most bytes, in total, that the connector reads from one streamed response. A server that keeps
    /// sending (deltas forever) fails with <see cref="CustomProtocolException"/> of kind
    /// <see cref="CustomProtocolErrorKind.StreamTooLarge"/> once it is reached, even before the total timeout. Nothing
    /// is buffered up to this size: it only counts the bytes as they pass.
    /// </summary>
    /// <value>Default: 64 MiB.</value>
    public long MaxStreamBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how many characters of an error response body are kept on the thrown exception.
    /// </summary>
    /// <value>Default: 8192.</value>
    public int MaxErrorContentLength { get; set; } = 8192;

    /// <summary>Gets or sets retries, timeouts, client-side limits, the circuit breaker, load balancing and hedging.
    /// On by default; see <see cref="CustomResilienceOptions"/>.</summary>
    public CustomResilienceOptions Resilience { get; set; } = new();

    /// <summary>Gets or sets whether an API key may be sent over plain <c>http://</c> to a host that is not this
    /// machine. Off by default, so a key is never sent in clear text across a network by mistake.</summary>
    /// <value>Default: false.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Gets or sets the price of this endpoint's model, overriding <see cref="CustomPricingCatalog"/>. Models
    /// served from this machine cost nothing unless a price is set here.</summary>
    /// <value>Default: null (the catalogue's price, if any).</value>
    public ModelPrice? Price { get; set; }

    /// <summary>Gets or sets spending limits checked before each call.</summary>
    public CustomBudgetOptions Budget { get; set; } = new();

    /// <summary>Gets or sets whether prompts and completions are logged (at Trace level) and recorded on telemetry
    /// spans. Off by default: they may hold personal or confidential data.</summary>
    /// <value>Default: false.</value>
    public bool LogSensitiveContent { get; set; }

    /// <summary>Gets or sets whether the registration methods add OpenTelemetry (GenAI semantic conventions) to the
    /// pipeline they build. Nothing is exported unless the application listens to <see cref="CustomTelemetry.SourceName"/>.</summary>
    /// <value>Default: true.</value>
    public bool EnableTelemetry { get; set; } = true;

    /// <summary>Returns the backup endpoints of a primary (the typed <c>Backups</c> list of the derived class). A method,
    /// not a property, so configuration binding leaves it alone.</summary>
    internal abstract IEnumerable<CustomEndpointOptions> GetBackupEndpoints();

    /// <summary>Fills what is not set yet from a preset (see <see cref="Provider"/>).</summary>
    internal void ApplyPreset(CustomProvider preset)
    {
        Quirks = preset.CreateQuirkProfile();
        TelemetryName = preset.TelemetryName;
        Endpoint ??= preset.DefaultEndpoint;
        if (ApiKeyHeader == DefaultApiKeyHeader && ApiKeyScheme == DefaultApiKeyScheme)
        {
            ApiKeyHeader = preset.ApiKeyHeader;
            ApiKeyScheme = preset.ApiKeyScheme;
        }

        if (ApiKey is null && ApiKeyProvider is null && preset.ApiKeyEnvironmentVariable is { } variable)
        {
            ApiKey = Environment.GetEnvironmentVariable(variable);
        }
    }

    /// <summary>Copies the settings declared on this class to <paramref name="target"/>.</summary>
    private protected void CopyEndpointSettingsTo(CustomEndpointOptions target)
    {
        // The preset's name is copied without re-applying it: everything it set is copied below.
        target.Provider = null;
        target.TelemetryName = TelemetryName;
        target.Quirks = Quirks.Clone();
        target.Endpoint = Endpoint;
        target.ModelId = ModelId;
        target.ApiKey = ApiKey;
        target.ApiKeyProvider = ApiKeyProvider;
        target.ApiKeyHeader = ApiKeyHeader;
        target.ApiKeyScheme = ApiKeyScheme;
        target.MaxResponseBytes = MaxResponseBytes;
        target.MaxStreamEventBytes = MaxStreamEventBytes;
        target.MaxStreamBytes = MaxStreamBytes;
        target.MaxErrorContentLength = MaxErrorContentLength;
        target.Resilience = Resilience.Clone();
        target.AllowInsecureHttp = AllowInsecureHttp;
        target.Price = Price is null ? null : new ModelPrice { InputPerMillion = Price.InputPerMillion, CachedInputPerMillion = Price.CachedInputPerMillion, OutputPerMillion = Price.OutputPerMillion };
        target.Budget = Budget.Clone();
        target.LogSensitiveContent = LogSensitiveContent;
        target.EnableTelemetry = EnableTelemetry;
        target.Headers.Clear();
        foreach (var header in Headers)
        {
            target.Headers[header.Key] = header.Value;
        }
    }

    /// <summary>
    /// Checks the settings and throws an <see cref="ArgumentException"/> that names the first invalid setting.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public virtual void Validate()
    {
        var name = GetType().Name;
        if (Endpoint is null)
        {
            throw new ArgumentException($"{name}.{nameof(Endpoint)} is required: set it to the API base address, for example http://localhost:11434/v1.", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{name}.{nameof(Endpoint)} must be an absolute http:// or https:// address; got '{Endpoint}'.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new ArgumentException($"{name}.{nameof(ModelId)} is required: set it to the model id the server expects.", nameof(ModelId));
        }

        if (!HeaderValues.IsToken(ApiKeyHeader?.Trim()))
        {
            throw new ArgumentException($"{name}.{nameof(ApiKeyHeader)} must name a header (letters, digits and - _ . only in practice), for example 'Authorization' or 'api-key'.", nameof(ApiKeyHeader));
        }

        HeaderValues.RequireNoControlCharacter(ApiKey, $"{name}.{nameof(ApiKey)}", nameof(ApiKey));
        HeaderValues.RequireNoControlCharacter(ApiKeyScheme, $"{name}.{nameof(ApiKeyScheme)}", nameof(ApiKeyScheme));

        RequireAtLeast(MaxResponseBytes, 1024, nameof(MaxResponseBytes));
        RequireAtLeast(MaxStreamEventBytes, 1024, nameof(MaxStreamEventBytes));
        RequireAtLeast(MaxStreamBytes, 1024, nameof(MaxStreamBytes));
        RequireAtLeast(MaxErrorContentLength, 0, nameof(MaxErrorContentLength));

        var sendsKey = !string.IsNullOrEmpty(ApiKey) || ApiKeyProvider is not null;
        if (sendsKey && Endpoint.Scheme == Uri.UriSchemeHttp && !Endpoint.IsLoopback && !AllowInsecureHttp)
        {
            throw new ArgumentException(
                $"{name}.{nameof(Endpoint)} '{EndpointAddress.Describe(Endpoint)}' uses plain http:// to another machine, which would send the API key in clear text; use https://, or set {nameof(AllowInsecureHttp)} if this network is trusted.",
                nameof(AllowInsecureHttp));
        }

        ArgumentNullException.ThrowIfNull(Resilience, nameof(Resilience));
        ArgumentNullException.ThrowIfNull(Quirks, nameof(Quirks));
        Resilience.Validate(name);

        var index = 0;
        foreach (var backup in GetBackupEndpoints())
        {
            ValidateBackup(backup, index++);
        }

        foreach (var header in Headers)
        {
            if (!HeaderValues.IsToken(header.Key?.Trim()) || header.Value is null)
            {
                throw new ArgumentException($"{name}.{nameof(Headers)} contains an invalid header '{header.Key}': a name must be a non-empty HTTP token (no spaces, colons or line breaks) and a value must not be null.", nameof(Headers));
            }

            HeaderValues.RequireNoControlCharacter(header.Value, $"{name}.{nameof(Headers)}[{header.Key}]", nameof(Headers));
        }

        void ValidateBackup(CustomEndpointOptions? backup, int position)
        {
            var label = $"{name}.Backups[{position}]";
            if (backup is null)
            {
                throw new ArgumentException($"{label} is null.", "Backups");
            }

            if (backup.GetBackupEndpoints().Any())
            {
                throw new ArgumentException($"{label} has backups of its own; list every backup on the primary instead.", "Backups");
            }

            try
            {
                backup.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{label}: {ex.Message}", "Backups", ex);
            }
        }

        void RequireAtLeast(long value, int minimum, string property)
        {
            if (value < minimum)
            {
                throw new ArgumentException($"{name}.{property} must be at least {minimum}; got {value}.", property);
            }
        }
    }
}
