using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Settings for listing the models of one OpenAI-compatible endpoint (<c>GET {endpoint}/models</c>): the
/// address, key, headers, resilience and backups, as for chat and embeddings. <see cref="CustomEndpointOptions.ModelId"/>
/// is not needed; when set, it only names the calls in logs and metrics.</summary>
public sealed class CustomModelCatalogOptions : CustomEndpointOptions
{
    /// <summary>Gets the backup endpoints, asked in turn when the primary fails in a way another might not (see
    /// <see cref="CustomResilienceOptions"/>). Backups cannot have backups.</summary>
    public IList<CustomModelCatalogOptions> Backups { get; } = new List<CustomModelCatalogOptions>();

    /// <inheritdoc />
    private protected override bool RequiresModelId => false;

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a catalog uses: the presets applied and validated, with an empty model id when none
    /// was set (so logs and metrics name no model).</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomModelCatalogOptions Resolve()
    {
        var resolved = Resolved(Clone());
        foreach (var options in (IEnumerable<CustomModelCatalogOptions>)[resolved, .. resolved.Backups])
        {
            options.ModelId ??= string.Empty;
        }

        return resolved;
    }

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <summary>Creates a copy so that later changes to this instance do not affect a catalog built from it.</summary>
    /// <returns>A copy with its own <see cref="CustomEndpointOptions.Headers"/> dictionary and backups.</returns>
    public CustomModelCatalogOptions Clone()
    {
        var copy = new CustomModelCatalogOptions();
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
