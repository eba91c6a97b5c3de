namespace Connectors.Custom;

/// <summary>
/// Keys of per-call settings in <c>SpeechToTextOptions.AdditionalProperties</c> / <c>TextToSpeechOptions.AdditionalProperties</c>
/// (and Semantic Kernel's <c>PromptExecutionSettings.ExtensionData</c>), and of what audio results carry in their
/// <c>AdditionalProperties</c> / <c>Metadata</c>. The wire names, so settings read from JSON need no mapping.
/// </summary>
public static class CustomAudioPropertyNames
{
    /// <summary>The audio's file name (for its type), for example <c>meeting.wav</c>: a string.</summary>
    public const string FileName = "file_name";

    /// <summary>Text that guides the transcription: a string.</summary>
    public const string Prompt = "prompt";

    /// <summary>The sampling temperature: a number.</summary>
    public const string Temperature = "temperature";

    /// <summary>The answer's form: a <see cref="TranscriptionFormat"/>, or its wire name (<c>json</c>, <c>text</c>,
    /// <c>verbose_json</c>); for speech a <see cref="SpeechFormat"/> or its wire name.</summary>
    public const string ResponseFormat = "response_format";

    /// <summary>The voice (Semantic Kernel settings; Microsoft.Extensions.AI has <c>VoiceId</c>): a string.</summary>
    public const string Voice = "voice";

    /// <summary>The speed (Semantic Kernel settings; Microsoft.Extensions.AI has <c>Speed</c>): a number.</summary>
    public const string Speed = "speed";

    /// <summary>The spoken language (Semantic Kernel settings and results): an ISO-639-1 code.</summary>
    public const string Language = "language";

    /// <summary>The audio's duration the server reported: a <see cref="System.TimeSpan"/>.</summary>
    public const string Duration = "duration";

    /// <summary>The timed segments of a verbose transcription: an <c>IReadOnlyList</c> of <see cref="CustomTranscriptSegment"/>.</summary>
    public const string Segments = "segments";

    /// <summary>The timed words of a verbose transcription asked for word timestamps: an <c>IReadOnlyList</c> of
    /// <see cref="CustomTranscriptWord"/>.</summary>
    public const string Words = "words";
}
