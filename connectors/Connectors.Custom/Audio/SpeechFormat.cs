namespace Connectors.Custom;

/// <summary>The audio format a speech server produces (<c>response_format</c>).</summary>
public enum SpeechFormat
{
    /// <summary><c>mp3</c> (<c>audio/mpeg</c>).</summary>
    Mp3 = 0,

    /// <summary><c>wav</c> (<c>audio/wav</c>).</summary>
    Wav = 1,

    /// <summary><c>opus</c> in Ogg (<c>audio/ogg</c>).</summary>
    Opus = 2,

    /// <summary><c>flac</c> (<c>audio/flac</c>).</summary>
    Flac = 3,

    /// <summary><c>pcm</c>: raw 16-bit little-endian samples, 24 kHz mono, no header (<c>audio/pcm</c>).</summary>
    Pcm = 4,
}
