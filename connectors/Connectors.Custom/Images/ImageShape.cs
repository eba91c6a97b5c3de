using System;
using System.Globalization;
using System.Linq;

namespace Connectors.Custom;

/// <summary>Turns a requested image shape into the value the provider's request field takes (<c>size</c> or
/// <c>aspect_ratio</c>), and refuses before anything is sent a shape the provider does not accept.</summary>
internal static class ImageShape
{
    /// <summary>Reads a shape given as text: <c>WIDTHxHEIGHT</c>, or <c>W:H</c> for an aspect-ratio provider.</summary>
    /// <exception cref="ArgumentException">The text is not a shape, or the provider does not accept it.</exception>
    public static string Parse(string size, CustomQuirkProfile quirks, string paramName)
    {
        if (TryReadDimensions(size, out var width, out var height))
        {
            return FromDimensions(width, height, quirks, paramName);
        }

        if (quirks.ImageSizeParameter == ImageSizeParameter.AspectRatio || IsAuto(size))
        {
            return Accepted(size.Trim(), quirks, paramName);
        }

        throw new ArgumentException($"The image size '{size}' is not WIDTHxHEIGHT (for example 1024x1024).", paramName);
    }

    /// <summary>Shapes a width and height: as they are for <c>size</c>, reduced to their ratio for <c>aspect_ratio</c>.</summary>
    /// <exception cref="ArgumentException">A side is not positive, or the provider does not accept the shape.</exception>
    public static string FromDimensions(int width, int height, CustomQuirkProfile quirks, string paramName)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"An image's width and height must be positive; got {width}x{height}.", paramName);
        }

        string value;
        if (quirks.ImageSizeParameter == ImageSizeParameter.AspectRatio)
        {
            var divisor = Gcd(width, height);
            value = string.Create(CultureInfo.InvariantCulture, $"{width / divisor}:{height / divisor}");
        }
        else
        {
            value = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        }

        return Accepted(value, quirks, paramName);
    }

    private static string Accepted(string value, CustomQuirkProfile quirks, string paramName)
    {
        if (quirks.SupportedImageSizes is { Count: > 0 } supported && !supported.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            var field = quirks.ImageSizeParameter == ImageSizeParameter.AspectRatio ? "aspect ratio" : "size";
            throw new ArgumentException($"The provider does not accept the image {field} '{value}'; it accepts {string.Join(", ", supported)}.", paramName);
        }

        return value;
    }

    private static bool TryReadDimensions(string size, out int width, out int height)
    {
        width = height = 0;
        var separator = size.IndexOfAny(['x', 'X', '×']);
        return separator > 0
            && int.TryParse(size.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(size.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height);
    }

    private static bool IsAuto(string size) => size.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
