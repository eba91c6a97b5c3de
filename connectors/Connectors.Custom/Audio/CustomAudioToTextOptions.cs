using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Settings of a transcription connector (<c>audio/transcriptions</c>) for one OpenAI-compatible endpoint.</summary>
public sealed class CustomAudioToTextOptions : CustomEndpointOptions
{
    /// <summary>The default <see cref="MaxAudioBytes"/>: 25 MB, OpenAI's limit.</summary>
    public const long DefaultMaxAudioBytes = 25L * 1024 * 1024;

    /// <summary>Gets or sets the largest audio file sent. A larger one is refused before anything is sent when its
    /// length is known (a seekable stream), and the upload is stopped once it passes the limit otherwise.</summary>
    /// <value>Default: <see cref="DefaultMaxAudioBytes"/>.</value>
    public long MaxAudioBytes { get; set; } = DefaultMaxAudioBytes;

    /// <summary>Gets or sets the form the server answers in; a call may ask for another (see <see cref="CustomAudioPropertyNames.ResponseFormat"/>).</summary>
    /// <value>Default: <see cref="TranscriptionFormat.Json"/>.</value>
    public TranscriptionFormat ResponseFormat { get; set; } = TranscriptionFormat.Json;

    /// <summary>Gets or sets the spoken language (ISO-639-1, for example <c>en</c>) when known; null lets the server detect it.</summary>
    public string? Language { get; set; }

    /// <summary>Gets or sets text that guides the model's style or spelling, or continues a previous segment.</summary>
    public string? Prompt { get; set; }

    /// <summary>Gets or sets the sampling temperature (0 to 1); null sends nothing.</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets whether to ask for <c>word</c> timestamps as well as <c>segment</c> ones (verbose answers only).</summary>
    /// <value>Default: false.</value>
    public bool WordTimestamps { get; set; }

    /// <summary>Gets or sets whether streaming calls ask the server to stream (<c>stream=true</c>, answered with
    /// <c>transcript.text.delta</c> events). When false, or when the server answers with a whole body anyway, a
    /// streaming call yields the whole transcript as one update.</summary>
    /// <value>Default: false (whisper servers do not stream).</value>
    public bool StreamTranscription { get; set; }

    /// <summary>Gets the backup endpoints, each with its own address, model, key, limits and circuit breaker (see
    /// <see cref="CustomEmbeddingOptions.Backups"/>). A call moves to a backup only while the audio can be read again (a
    /// seekable stream).</summary>
    public IList<CustomAudioToTextOptions> Backups { get; } = new List<CustomAudioToTextOptions>();

    /// <inheritdoc />
    internal override IEnumerable<CustomEndpointOptions> GetBackupEndpoints() => Backups;

    /// <summary>Returns the copy a service uses: the preset applied and validated.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    internal CustomAudioToTextOptions Resolve() => Resolved(Clone());

    /// <inheritdoc />
    private protected override CustomEndpointOptions CopyOptions() => Clone();

    /// <inheritdoc />
    private protected override void ValidateSettings()
    {
        base.ValidateSettings();
        if (MaxAudioBytes < 1)
        {
            throw new ArgumentException($"{nameof(CustomAudioToTextOptions)}.{nameof(MaxAudioBytes)} must be at least 1; got {MaxAudioBytes}.", nameof(MaxAudioBytes));
        }

        if (!Enum.IsDefined(ResponseFormat))
        {
            throw new ArgumentException($"{nameof(CustomAudioToTextOptions)}.{nameof(ResponseFormat)} is not a known format: {ResponseFormat}.", nameof(ResponseFormat));
        }

        if (Temperature is { } temperature && (float.IsNaN(temperature) || temperature is < 0 or > 1))
        {
            throw new ArgumentException($"{nameof(CustomAudioToTextOptions)}.{nameof(Temperature)} must be between 0 and 1; got {temperature}.", nameof(Temperature));
        }
    }

    /// <summary>Creates a copy so that later changes to this instance do not affect a service built from it.</summary>
    /// <returns>A copy with its own headers and backups.</returns>
    public CustomAudioToTextOptions Clone()
    {
        var copy = new CustomAudioToTextOptions
        {
            MaxAudioBytes = MaxAudioBytes,
            ResponseFormat = ResponseFormat,
            Language = Language,
            Prompt = Prompt,
            Temperature = Temperature,
            WordTimestamps = WordTimestamps,
            StreamTranscription = StreamTranscription,
        };
        CopyEndpointSettingsTo(copy);
        foreach (var backup in Backups)
        {
            copy.Backups.Add(backup?.Clone()!); // a null entry is kept for Validate to name
        }

        return copy;
    }
}
