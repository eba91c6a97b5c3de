using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Settings of a speech connector (<c>audio/speech</c>) for one OpenAI-compatible endpoint.</summary>
public sealed class CustomTextToAudioOptions : CustomEndpointOptions
{
    /// <summary>The slowest <see cref="Speed"/> accepted (OpenAI's range).</summary>
    public const float MinSpeed = 0.25f;

    /// <summary>The fastest <see cref="Speed"/> accepted (OpenAI's range).</summary>
    public const float MaxSpeed = 4.0f;

    /// <summary>The longest input accepted by default: 4096 characters, OpenAI's limit.</summary>
    public const int DefaultMaxInputCharacters = 4096;

    /// <summary>Gets or sets the voice, for example <c>alloy</c> (OpenAI) or <c>af_bella</c> (Kokoro).</summary>
    /// <value>Default: <c>alloy</c>.</value>
    public string Voice { get; set; } = "alloy";

    /// <summary>Gets or sets the audio format produced; a call may ask for another.</summary>
    /// <value>Default: <see cref="SpeechFormat.Mp3"/>.</value>
    public SpeechFormat ResponseFormat { get; set; } = SpeechFormat.Mp3;

    /// <summary>Gets or sets the speed, from <see cref="MinSpeed"/> to <see cref="MaxSpeed"/>; null sends nothing (1.0).</summary>
    public float? Speed { get; set; }

    /// <summary>Gets or sets the longest text spoken in one call; longer text is refused before anything is sent.</summary>
    /// <value>Default: <see cref="DefaultMaxInputCharacters"/>.</value>
    public int MaxInputCharacters { get; set; } = DefaultMaxInputCharacters;

    /// <summary>Gets the backup endpoints (see <see cref="CustomEmbeddingOptions.Backups"/>). A call moves to a backup
    /// only before the first byte of audio has reached the caller.</summary>
    public IList<CustomTextToAudioOptions> Backups { get; } = new List<CustomTextToAudioOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the preset applied and validated.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomTextToAudioOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (string.IsNullOrWhiteSpace(Voice))
        {
            throw new ArgumentException($"{nameof(CustomTextToAudioOptions)}.{nameof(Voice)} is required.", nameof(Voice));
        }

        if (!Enum.IsDefined(ResponseFormat))
        {
            throw new ArgumentException($"{nameof(CustomTextToAudioOptions)}.{nameof(ResponseFormat)} is not a known format: {ResponseFormat}.", nameof(ResponseFormat));
        }

        SpeechRequest.ValidateSpeed(Speed, nameof(Speed));
        if (MaxInputCharacters < 1)
        {
            throw new ArgumentException($"{nameof(CustomTextToAudioOptions)}.{nameof(MaxInputCharacters)} must be at least 1; got {MaxInputCharacters}.", nameof(MaxInputCharacters));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A copy with its own headers and backups.</returns>
    public CustomTextToAudioOptions Clone()
    {
        var copy = new CustomTextToAudioOptions
        {
            Voice = Voice,
            ResponseFormat = ResponseFormat,
            Speed = Speed,
            MaxInputCharacters = MaxInputCharacters,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
