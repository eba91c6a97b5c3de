namespace Connectors.Custom;

/// <summary>How embedding vectors are asked to travel on the wire.</summary>
public enum EmbeddingEncodingFormat
{
    /// <summary>Base64 of little-endian float32 bytes (the default): about a quarter of the size of JSON numbers and
    /// decoded without any number parsing. Falls back to <see cref="Float"/> once if a server rejects it.</summary>
    Base64 = 0,

    /// <summary>JSON arrays of numbers, for servers known not to support base64.</summary>
    Float = 1,
}
