namespace Connectors.Custom;

/// <summary>The form a transcription server answers in (<c>response_format</c>).</summary>
public enum TranscriptionFormat
{
    /// <summary><c>json</c>: the text (and, from some servers, usage).</summary>
    Json = 0,

    /// <summary><c>text</c>: the text alone, as a plain body.</summary>
    Text = 1,

    /// <summary><c>verbose_json</c>: the text with language, duration and timed segments (and words when asked).</summary>
    VerboseJson = 2,
}
