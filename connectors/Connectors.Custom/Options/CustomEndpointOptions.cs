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
/// Instances are plain data so they can be bound from configuration: no setter changes another setting or reads the
/// environment, so the order in which properties are set or bound does not matter. A service takes a copy when it is
/// registered or constructed, applies the <see cref="Provider"/> preset to that copy and validates it; later changes to
/// this instance have no effect on it. The API key is never included in exception messages, logs or
/// <see cref="object.ToString"/>.
/// </remarks>
public abstract class CustomEndpointOptions
{
    /// <summary>The default header that carries the API key.</summary>
    public const string DefaultApiKeyHeader = "Authorization";

    /// <summary>The default scheme written before the API key in <see cref="DefaultApiKeyHeader"/>.</summary>
    public const string DefaultApiKeyScheme = "Bearer";

    private Overridable<string> _apiKeyHeader;
    private Overridable<string?> _apiKeyScheme;

    /// <summary>
    /// Gets or sets the provider preset by name (<c>OpenAI</c>, <c>DeepSeek</c>, <c>Groq</c>, <c>Together</c>,
    /// <c>Mistral</c>, <c>Fireworks</c>, <c>OpenRouter</c>, <c>xAI</c>, <c>Perplexity</c>, <c>NvidiaNim</c>,
    /// <c>AzureOpenAI</c>, <c>Ollama</c>, <c>vLLM</c>, <c>LlamaCpp</c>, <c>LMStudio</c>, <c>LocalAI</c>; anything else
    /// is the generic profile). A plain value: the preset is applied when the service is registered or constructed,
    /// and fills only what is not set, whatever the order of the settings: <see cref="Endpoint"/>,
    /// <see cref="ApiKeyHeader"/> and <see cref="ApiKeyScheme"/> (each on its own), <see cref="ApiKey"/> from the
    /// provider's usual environment variable (when neither it nor <see cref="ApiKeyProvider"/> is set), and every
    /// <see cref="Quirks"/> field not set here.
    /// </summary>
    /// <value>Default: null (the generic profile).</value>
    public string? Provider { get; set; }

    /// <summary>Gets or sets how this provider's wire format differs from OpenAI's: each field set here overrides the
    /// preset's (see <see cref="Provider"/>); the fields left unset take the preset's values when the service is
    /// registered or constructed.</summary>
    public CustomQuirkProfile Quirks { get; set; } = new();

    /// <summary>Gets the name reported as <c>gen_ai.provider.name</c>.</summary>
    internal string TelemetryName => CustomProviders.FromName(Provider).TelemetryName;

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
    /// is sent, which is what local servers such as Ollama, vLLM or llama.cpp expect. With a <see cref="Provider"/> whose
    /// key usually lives in an environment variable, null means "not set": that variable is read when the service is
    /// registered or constructed. An empty string sends no key in every case.
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
    /// <value>Default: the preset's (see <see cref="Provider"/>), else <c>Authorization</c>.</value>
    public string ApiKeyHeader { get => _apiKeyHeader.ValueOr(DefaultApiKeyHeader); set => _apiKeyHeader = new(value); }

    /// <summary>
    /// Gets or sets the scheme written before the key (<c>Bearer</c> by default). Null or empty sends the key alone,
    /// as in <c>api-key: &lt;key&gt;</c>.
    /// </summary>
    /// <value>Default: the preset's (see <see cref="Provider"/>), else <c>Bearer</c>.</value>
    public string? ApiKeyScheme { get => _apiKeyScheme.ValueOr(DefaultApiKeyScheme); set => _apiKeyScheme = new(value); }

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

    /// <summary>Gets whether the service needs <see cref="ModelId"/> (every one but the model listing does).</summary>
    private protected virtual bool RequiresModelId => true;

    /// <summary>Returns a copy of the derived options (with its own backups).</summary>
    private protected abstract CustomEndpointOptions CopyOptions();

    /// <summary>Returns <paramref name="copy"/> with the presets applied (its own and each backup's), validated.
    /// The one place a preset is applied: registration and construction come here, so the result depends only on
    /// what was set, never on the order.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    private protected static T Resolved<T>(T copy)
        where T : CustomEndpointOptions
    {
        copy.ApplyPreset();
        foreach (var backup in copy.GetBackupEndpoints())
        {
            backup?.ApplyPreset();
        }

        copy.ValidateSettings();
        return copy;
    }

    /// <summary>Fills what is not set from the preset named by <see cref="Provider"/>. Only ever called on a private
    /// copy (see <see cref="Resolved"/>), never on the caller's instance.</summary>
    private void ApplyPreset()
    {
        var preset = CustomProviders.FromName(Provider);
        Quirks = Quirks?.OverridesOver(preset.CreateQuirkProfile())!; // null is reported by ValidateSettings
        Endpoint ??= preset.DefaultEndpoint;
        _apiKeyHeader = _apiKeyHeader.Or(new(preset.ApiKeyHeader));
        _apiKeyScheme = _apiKeyScheme.Or(new(preset.ApiKeyScheme));
        if (ApiKey is null && ApiKeyProvider is null && preset.ApiKeyEnvironmentVariable is { } variable)
        {
            ApiKey = Environment.GetEnvironmentVariable(variable);
        }
    }

    /// <summary>Copies the settings declared on this class to <paramref name="target"/>.</summary>
    /// <remarks>A reflection test sets every property to a non-default value and fails if a copy misses one.</remarks>
    private protected void CopyEndpointSettingsTo(CustomEndpointOptions target)
    {
        target.Provider = Provider;
        target.Quirks = Quirks?.Clone()!;
        target.Endpoint = Endpoint;
        target.ModelId = ModelId;
        target.ApiKey = ApiKey;
        target.ApiKeyProvider = ApiKeyProvider;
        target._apiKeyHeader = _apiKeyHeader;
        target._apiKeyScheme = _apiKeyScheme;
        target.MaxResponseBytes = MaxResponseBytes;
        target.MaxStreamEventBytes = MaxStreamEventBytes;
        target.MaxStreamBytes = MaxStreamBytes;
        target.MaxErrorContentLength = MaxErrorContentLength;
        target.Resilience = Resilience?.Clone()!;
        target.AllowInsecureHttp = AllowInsecureHttp;
        target.Price = Price?.Clone();
        target.Budget = Budget?.Clone()!;
        target.LogSensitiveContent = LogSensitiveContent;
        target.EnableTelemetry = EnableTelemetry;
        target.Headers.Clear();
        foreach (var header in Headers)
        {
            target.Headers[header.Key] = header.Value;
        }
    }

    /// <summary>
    /// Checks the settings as a service would use them (the <see cref="Provider"/> preset applied to a copy; this
    /// instance is not changed) and throws an <see cref="ArgumentException"/> that names the first invalid setting.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate() => Resolved(CopyOptions());

    /// <summary>Checks settings whose presets are applied; derived classes add their own checks.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    private protected virtual void ValidateSettings()
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

        if (RequiresModelId && string.IsNullOrWhiteSpace(ModelId))
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
        ArgumentNullException.ThrowIfNull(Budget, nameof(Budget));
        if (!Enum.IsDefined(Budget.Period))
        {
            throw new ArgumentException($"{name}.{nameof(Budget)}.{nameof(CustomBudgetOptions.Period)} {(int)Budget.Period} is not a defined value.", nameof(Budget));
        }

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
                backup.ValidateSettings();
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
