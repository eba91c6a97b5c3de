namespace Connectors.Custom;

/// <summary>How an image generation request says what shape of image it wants.</summary>
public enum ImageSizeParameter
{
    /// <summary><c>size</c> as <c>WIDTHxHEIGHT</c>, for example <c>1024x1024</c> (OpenAI, Together, LocalAI).</summary>
    Size = 0,

    /// <summary><c>aspect_ratio</c> as <c>W:H</c>, for example <c>16:9</c> (xAI); a requested width and height are
    /// reduced to their ratio.</summary>
    AspectRatio = 1,
}
