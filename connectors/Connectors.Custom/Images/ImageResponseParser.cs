using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads an <c>images/generations</c> response: <c>data[{b64_json | url, revised_prompt?}]</c>.</summary>
internal static class ImageResponseParser
{
    /// <exception cref="CustomProtocolException">The response has no <c>data</c> array, or an entry has neither bytes nor a link.</exception>
    public static IReadOnlyList<GeneratedImage> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected("has no 'data' array");
        }

        var images = new List<GeneratedImage>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Unexpected("has a 'data' entry that is not an object");
            }

            var revised = item.TryGetProperty("revised_prompt", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (item.TryGetProperty("b64_json", out var b64) && b64.ValueKind == JsonValueKind.String)
            {
                if (!b64.TryGetBytesFromBase64(out var bytes))
                {
                    throw Unexpected("has a 'b64_json' value that is not base64");
                }

                images.Add(new GeneratedImage(bytes, null, revised));
            }
            else if (item.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var link))
            {
                images.Add(new GeneratedImage(null, link, revised));
            }
            else
            {
                throw Unexpected("has a 'data' entry with neither 'b64_json' nor an absolute 'url'");
            }
        }

        return images;
    }

    private static CustomProtocolException Unexpected(string problem) =>
        new(CustomProtocolErrorKind.UnexpectedShape, $"The image generation response {problem}.");
}
