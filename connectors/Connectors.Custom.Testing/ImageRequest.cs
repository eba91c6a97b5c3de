using System;
using System.Globalization;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>A valid <c>images/generations</c> request: the prompt, how many images, and their size in pixels.</summary>
internal sealed record ImageRequest(string Model, string Prompt, int Count, int Width, int Height)
{
    /// <summary>The largest side served: enough for any real size, small enough that a test cannot exhaust memory.</summary>
    public const int MaxSide = 2048;

    /// <summary>The long side of an image asked for by aspect ratio (xAI's form).</summary>
    private const int AspectRatioLongSide = 1024;

    /// <summary>Reads the OpenAI form (<c>size: "1024x1024"</c>) or xAI's (<c>aspect_ratio: "16:9"</c>), not both.</summary>
    public static bool TryRead(string body, string defaultModel, out ImageRequest? request, out string? error)
    {
        request = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("prompt", out var promptValue) || promptValue.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(promptValue.GetString()))
            {
                error = "'prompt' is required and must be a non-empty string.";
                return false;
            }

            var count = 1;
            if (root.TryGetProperty("n", out var n) && (!n.TryGetInt32(out count) || count is < 1 or > 10))
            {
                error = "'n' must be an integer from 1 to 10.";
                return false;
            }

            if (root.TryGetProperty("response_format", out var format) && format.GetString() is { } f && f != "b64_json")
            {
                error = $"This local server returns images as b64_json only; response_format '{f}' is not served.";
                return false;
            }

            var hasSize = root.TryGetProperty("size", out var size);
            var hasRatio = root.TryGetProperty("aspect_ratio", out var ratio);
            int width = 1024, height = 1024;
            if (hasSize && hasRatio)
            {
                error = "Send either 'size' or 'aspect_ratio', not both.";
                return false;
            }

            if (hasSize && !TryReadPair(size.GetString(), 'x', out width, out height))
            {
                error = $"'size' must be WIDTHxHEIGHT with sides from 1 to {MaxSide}; got '{size}'.";
                return false;
            }

            if (hasRatio)
            {
                if (!TryReadPair(ratio.GetString(), ':', out var w, out var h))
                {
                    error = $"'aspect_ratio' must be W:H, for example 16:9; got '{ratio}'.";
                    return false;
                }

                (width, height) = w >= h ? (AspectRatioLongSide, Math.Max(1, AspectRatioLongSide * h / w)) : (Math.Max(1, AspectRatioLongSide * w / h), AspectRatioLongSide);
            }

            if (width > MaxSide || height > MaxSide)
            {
                error = $"Image sides must be at most {MaxSide}; got {width}x{height}.";
                return false;
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : defaultModel;
            request = new ImageRequest(model, promptValue.GetString()!, count, width, height);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = $"The request body is not valid: {ex.Message}";
            return false;
        }
    }

    private static bool TryReadPair(string? text, char separator, out int first, out int second)
    {
        first = second = 0;
        var at = text?.IndexOf(separator) ?? -1;
        return at > 0
            && int.TryParse(text.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out second)
            && first >= 1 && second >= 1;
    }
}
