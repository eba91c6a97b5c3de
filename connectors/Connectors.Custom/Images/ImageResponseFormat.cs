namespace Connectors.Custom;

/// <summary>How generated images come back (<c>response_format</c>).</summary>
public enum ImageResponseFormat
{
    /// <summary><c>b64_json</c>: the image bytes inside the response.</summary>
    Base64 = 0,

    /// <summary><c>url</c>: a link to the image, which providers keep for a limited time.</summary>
    Url = 1,
}
