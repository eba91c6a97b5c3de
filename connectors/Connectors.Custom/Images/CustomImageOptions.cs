using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Settings of an image generator for one OpenAI-compatible <c>images/generations</c> endpoint.</summary>
public sealed class CustomImageOptions : CustomEndpointOptions
{
    /// <summary>Gets or sets the size asked for when a call names none, as <c>WIDTHxHEIGHT</c> (or <c>W:H</c> for a
    /// provider whose <see cref="CustomQuirkProfile.ImageSizeParameter"/> is an aspect ratio); null sends none and the
    /// server's default applies.</summary>
    /// <value>Default: null.</value>
    public string? DefaultSize { get; set; }

    /// <summary>Gets or sets how images come back when a call does not say; null sends nothing (the server's default,
    /// usually a URL for OpenAI's DALL·E models and base64 for others).</summary>
    /// <value>Default: <see cref="ImageResponseFormat.Base64"/>.</value>
    public ImageResponseFormat? ResponseFormat { get; set; } = ImageResponseFormat.Base64;

    /// <summary>Gets or sets the media type of the images returned as bytes, when the server does not say.</summary>
    /// <value>Default: <c>image/png</c>.</value>
    public string MediaType { get; set; } = "image/png";

    /// <summary>Gets the backup endpoints, each with its own address, model, key, headers, limits and circuit breaker
    /// (see <see cref="CustomEmbeddingOptions.Backups"/> for how calls move between them).</summary>
    public IList<CustomImageOptions> Backups { get; } = new List<CustomImageOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the presets applied and validated.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomImageOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (string.IsNullOrWhiteSpace(MediaType))
        {
            throw new ArgumentException($"{nameof(CustomImageOptions)}.{nameof(MediaType)} must not be empty.", nameof(MediaType));
        }

        if (DefaultSize is not null)
        {
            // The same check a call gets, so a default the provider refuses fails at startup, named.
            _ = ImageShape.Parse(DefaultSize, Quirks, nameof(DefaultSize));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A copy with its own <see cref="CustomEndpointOptions.Headers"/> dictionary and backups.</returns>
    public CustomImageOptions Clone()
    {
        var copy = new CustomImageOptions
        {
            DefaultSize = DefaultSize,
            ResponseFormat = ResponseFormat,
            MediaType = MediaType,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
