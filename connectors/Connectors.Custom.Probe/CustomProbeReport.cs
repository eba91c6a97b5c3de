using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>What <see cref="CustomEndpointProbe"/> found: one <see cref="CustomProbeCheck"/> per capability, and the
/// quirk profile that suits the endpoint.</summary>
/// <remarks>Holds no API key.</remarks>
public sealed class CustomProbeReport
{
    private readonly CustomQuirkProfile _quirks;

    internal CustomProbeReport(
        Uri endpoint,
        string modelId,
        string? embeddingModelId,
        bool endpointReachable,
        IReadOnlyList<CustomProbeCheck> checks,
        IReadOnlyList<string> modelIds,
        IReadOnlyList<string> rateLimitHeaders,
        int? maxEmbeddingInputs,
        CustomQuirkProfile quirks,
        IReadOnlyList<string> quirkReasons,
        TimeSpan duration)
    {
        Endpoint = endpoint;
        ModelId = modelId;
        EmbeddingModelId = embeddingModelId;
        EndpointReachable = endpointReachable;
        Checks = checks;
        ModelIds = modelIds;
        RateLimitHeaders = rateLimitHeaders;
        MaxEmbeddingInputs = maxEmbeddingInputs;
        _quirks = quirks;
        QuirkReasons = quirkReasons;
        Duration = duration;
    }

    /// <summary>Gets the probed address, without user info or query.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the chat model that was probed.</summary>
    public string ModelId { get; }

    /// <summary>Gets the embedding model that was probed, or null when the embedding checks were skipped.</summary>
    public string? EmbeddingModelId { get; }

    /// <summary>Gets whether the endpoint answered at all (with any HTTP status). False means nothing but connection
    /// failures or timeouts: a wrong address, a server that is down, or a firewall.</summary>
    public bool EndpointReachable { get; }

    /// <summary>Gets the checks in the order they ran (see <see cref="CustomProbeCheckNames"/>).</summary>
    public IReadOnlyList<CustomProbeCheck> Checks { get; }

    /// <summary>Gets the model ids <c>GET /models</c> listed (empty when it failed).</summary>
    public IReadOnlyList<string> ModelIds { get; }

    /// <summary>Gets the names (lower case) of the rate-limit headers seen on any response.</summary>
    public IReadOnlyList<string> RateLimitHeaders { get; }

    /// <summary>Gets the most inputs one embeddings request was accepted with, when a larger request was rejected;
    /// null when no limit was found below the cap (or the check did not run).</summary>
    public int? MaxEmbeddingInputs { get; }

    /// <summary>Gets why each field of the proposed profile differs from the generic default, one sentence each.</summary>
    public IReadOnlyList<string> QuirkReasons { get; }

    /// <summary>Gets how long the whole probe took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Finds a check by name.</summary>
    /// <param name="name">The check's name (see <see cref="CustomProbeCheckNames"/>).</param>
    /// <returns>The check, or null when the probe has none of that name.</returns>
    public CustomProbeCheck? GetCheck(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var check in Checks)
        {
            if (string.Equals(check.Name, name, StringComparison.Ordinal))
            {
                return check;
            }
        }

        return null;
    }

    /// <summary>Creates a copy of the proposed quirk profile: the generic defaults, changed where the probe saw the
    /// endpoint differ. Assign it to <see cref="CustomEndpointOptions.Quirks"/>.</summary>
    /// <returns>A profile the caller may change.</returns>
    public CustomQuirkProfile CreateQuirkProfile() => _quirks.Clone();

    /// <summary>Renders the proposed profile as the <c>"Quirks": { ... }</c> property to paste into the endpoint's
    /// section of <c>appsettings.json</c>, with only the fields that differ from the defaults.</summary>
    /// <returns>The indented JSON property (<c>"Quirks": {}</c> when nothing differs).</returns>
    public string ToQuirksJson() => QuirkProfileJson.Write(_quirks);
}
