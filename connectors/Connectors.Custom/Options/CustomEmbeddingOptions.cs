using System.Collections.Generic;
using System;

namespace Connectors.Custom;

/// <summary>Settings of an embedding connector for one OpenAI-compatible endpoint.</summary>
public sealed class CustomEmbeddingOptions : CustomEndpointOptions
{
    /// <summary>Gets or sets the vector size to ask for (<c>dimensions</c>), for models that can shorten their vectors.
    /// When null, nothing is sent and the size of the first vector received becomes the expected size.</summary>
    /// <value>Default: null.</value>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets how vectors travel on the wire.</summary>
    /// <value>Default: <see cref="EmbeddingEncodingFormat.Base64"/>.</value>
    public EmbeddingEncodingFormat EncodingFormat { get; set; } = EmbeddingEncodingFormat.Base64;

    /// <summary>Gets or sets the most inputs sent in one request; larger calls are split into batches.</summary>
    /// <value>Default: 2048 (OpenAI's limit).</value>
    public int MaxInputsPerRequest { get; set; } = 2048;

    /// <summary>Gets or sets the most estimated tokens sent in one request (about four characters a token), or null for
    /// no limit. OpenAI allows 300,000 tokens summed over a request.</summary>
    /// <value>Default: null.</value>
    public int? MaxTokensPerRequest { get; set; }

    /// <summary>Gets or sets how many batch requests of one call may be in flight at once.</summary>
    /// <value>Default: 4.</value>
    public int MaxParallelRequests { get; set; } = 4;

    /// <summary>
    /// Gets the backup endpoints, each with its own address, model, key, headers, limits and circuit breaker. A call
    /// moves to the next one when an endpoint fails in a way another might not (see <see cref="CustomResilienceOptions"/>);
    /// with a load-balancing strategy they share the traffic. Total timeout, load balancing and hedging are taken
    /// from this (the primary's) <see cref="CustomEndpointOptions.Resilience"/>; backups cannot have backups.
    /// </summary>
    public IList<CustomEmbeddingOptions> Backups { get; } = new List<CustomEmbeddingOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the presets applied (see <see cref="CustomEndpointOptions.Provider"/>)
    /// and validated. Registration and the public constructors call this, never a property setter.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomEmbeddingOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (Dimensions is < 1)
        {
            throw new ArgumentException($"{nameof(CustomEmbeddingOptions)}.{nameof(Dimensions)} must be at least 1 when set; got {Dimensions}.", nameof(Dimensions));
        }

        if (MaxInputsPerRequest < 1)
        {
            throw new ArgumentException($"{nameof(CustomEmbeddingOptions)}.{nameof(MaxInputsPerRequest)} must be at least 1; got {MaxInputsPerRequest}.", nameof(MaxInputsPerRequest));
        }

        if (MaxTokensPerRequest is < 1)
        {
            throw new ArgumentException($"{nameof(CustomEmbeddingOptions)}.{nameof(MaxTokensPerRequest)} must be at least 1 when set; got {MaxTokensPerRequest}.", nameof(MaxTokensPerRequest));
        }

        if (MaxParallelRequests < 1)
        {
            throw new ArgumentException($"{nameof(CustomEmbeddingOptions)}.{nameof(MaxParallelRequests)} must be at least 1; got {MaxParallelRequests}.", nameof(MaxParallelRequests));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A copy with its own <see cref="CustomEndpointOptions.Headers"/> dictionary.</returns>
    public CustomEmbeddingOptions Clone()
    {
        var copy = new CustomEmbeddingOptions
        {
            Dimensions = Dimensions,
            EncodingFormat = EncodingFormat,
            MaxInputsPerRequest = MaxInputsPerRequest,
            MaxTokensPerRequest = MaxTokensPerRequest,
            MaxParallelRequests = MaxParallelRequests,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
