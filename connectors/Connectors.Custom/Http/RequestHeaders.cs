using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// The one place that writes the connector's headers on a request: the configured extra headers, then the API key with
/// its scheme, static or from <see cref="CustomEndpointOptions.ApiKeyProvider"/> on every request. Every value is
/// trimmed and checked by <see cref="HeaderValues"/>; static values were already refused at registration by
/// <see cref="CustomEndpointOptions.Validate"/>, a provider's result is refused here, before anything is sent.
/// </summary>
/// <remarks>Also the one owner of the keys in use, so errors built from a server's answer can redact them.
/// Thread-safe.</remarks>
internal sealed class RequestHeaders
{
    private readonly string _keyHeader;
    private readonly string? _keyScheme;
    private readonly string? _staticKey;
    private readonly Func<CancellationToken, ValueTask<string?>>? _keyProvider;
    private readonly (string Name, string Value)[] _extra;
    private volatile string? _lastProvidedKey;

    /// <summary>Copies the header settings of <paramref name="options"/>, which must have passed
    /// <see cref="CustomEndpointOptions.Validate"/>.</summary>
    public RequestHeaders(CustomEndpointOptions options)
        : this(options.ApiKeyHeader, options.ApiKeyScheme, options.ApiKey, options.ApiKeyProvider, options.Headers)
    {
    }

    /// <summary>Takes header settings that have passed validation (see <see cref="HeaderValues"/>).</summary>
    public RequestHeaders(
        string keyHeader,
        string? keyScheme,
        string? staticKey,
        Func<CancellationToken, ValueTask<string?>>? keyProvider,
        IEnumerable<KeyValuePair<string, string>> extra)
    {
        _keyHeader = keyHeader.Trim();
        _keyScheme = HeaderValues.TrimToNull(keyScheme);
        _staticKey = HeaderValues.TrimToNull(staticKey);
        _keyProvider = keyProvider;
        _extra = extra.Select(h => (h.Key.Trim(), h.Value.Trim())).ToArray();
    }

    /// <summary>Adds the headers to <paramref name="request"/>.</summary>
    /// <exception cref="CustomHeaderValueException">The key returned by the provider holds a control character.</exception>
    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in _extra)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var key = _staticKey;
        if (_keyProvider is not null)
        {
            var provided = await _keyProvider(cancellationToken).ConfigureAwait(false);
            if (HeaderValues.HasControlCharacter(provided))
            {
                throw new CustomHeaderValueException(nameof(CustomEndpointOptions.ApiKeyProvider));
            }

            key = HeaderValues.TrimToNull(provided);
            _lastProvidedKey = key;
        }

        if (key is null)
        {
            // Local servers (Ollama, vLLM, llama.cpp, LM Studio) need no key: send no Authorization header at all.
            return;
        }

        request.Headers.Remove(_keyHeader);
        request.Headers.TryAddWithoutValidation(_keyHeader, _keyScheme is null ? key : $"{_keyScheme} {key}");
    }

    /// <summary>Removes the keys in use from text a server sent back: some servers echo the key they rejected.</summary>
    public string Redact(string text)
    {
        foreach (var key in (ReadOnlySpan<string?>)[_staticKey, _lastProvidedKey])
        {
            if (!string.IsNullOrEmpty(key) && text.Contains(key, StringComparison.Ordinal))
            {
                text = text.Replace(key, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
