using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Settings of a reranker for one endpoint that serves <c>rerank</c> (Jina/Cohere shape) or vLLM's
/// <c>score</c> (see <see cref="CustomQuirkProfile.RerankApi"/>).</summary>
public sealed class CustomRerankerOptions : CustomEndpointOptions
{
    /// <summary>Gets or sets how many of the best documents a call returns when it does not say; null returns all.</summary>
    /// <value>Default: null.</value>
    public int? TopN { get; set; }

    /// <summary>Gets or sets the most documents one call may rerank; a call with more is refused before it is sent
    /// (Cohere allows 1,000; servers running a cross-encoder take time in proportion).</summary>
    /// <value>Default: 1000.</value>
    public int MaxDocuments { get; set; } = 1000;

    /// <summary>Gets the backup endpoints, each with its own address, model, key, headers, limits and circuit breaker
    /// (see <see cref="CustomEmbeddingOptions.Backups"/> for how calls move between them).</summary>
    public IList<CustomRerankerOptions> Backups { get; } = new List<CustomRerankerOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the presets applied and validated.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomRerankerOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (TopN is < 1)
        {
            throw new ArgumentException($"{nameof(CustomRerankerOptions)}.{nameof(TopN)} must be at least 1 when set; got {TopN}.", nameof(TopN));
        }

        if (MaxDocuments < 1)
        {
            throw new ArgumentException($"{nameof(CustomRerankerOptions)}.{nameof(MaxDocuments)} must be at least 1; got {MaxDocuments}.", nameof(MaxDocuments));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A copy with its own <see cref="CustomEndpointOptions.Headers"/> dictionary and backups.</returns>
    public CustomRerankerOptions Clone()
    {
        var copy = new CustomRerankerOptions
        {
            TopN = TopN,
            MaxDocuments = MaxDocuments,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
