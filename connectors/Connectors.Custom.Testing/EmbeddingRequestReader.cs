using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Reads an embeddings request body, or says what is wrong with it.</summary>
/// <remarks><c>input</c> may be a string, an array of strings, or token arrays (each token array is embedded by its
/// JSON text, so equal token arrays get equal vectors).</remarks>
internal static class EmbeddingRequestReader
{
    public static bool TryRead(string body, string defaultModel, int defaultDimensions, out EmbeddingRequest? request, out string? error)
    {
        request = null;
        if (!RequestBodyJson.TryParse(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("input", out var input))
            {
                error = "'input' is required.";
                return false;
            }

            var inputs = new List<string>();
            if (input.ValueKind == JsonValueKind.String)
            {
                inputs.Add(input.GetString()!);
            }
            else if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0 && input[0].ValueKind == JsonValueKind.Number)
            {
                // One token array.
                inputs.Add(input.GetRawText());
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    inputs.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
                }
            }

            if (inputs.Count == 0)
            {
                error = "'input' must be a string or a non-empty array.";
                return false;
            }

            var base64 = false;
            if (root.TryGetProperty("encoding_format", out var format) && format.ValueKind != JsonValueKind.Null)
            {
                if (format.ValueKind != JsonValueKind.String || !(format.ValueEquals("float") || format.ValueEquals("base64")))
                {
                    error = $"'encoding_format' must be 'float' or 'base64'; got {format.GetRawText()}.";
                    return false;
                }

                base64 = format.ValueEquals("base64");
            }

            var dimensions = defaultDimensions;
            if (root.TryGetProperty("dimensions", out var dimensionsElement) && dimensionsElement.ValueKind != JsonValueKind.Null)
            {
                if (!dimensionsElement.TryGetInt32(out dimensions) || dimensions < 1 || dimensions > 65536)
                {
                    error = $"'dimensions' must be an integer between 1 and 65536; got {dimensionsElement.GetRawText()}.";
                    return false;
                }
            }

            var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String && modelElement.GetString() is { Length: > 0 } named
                ? named
                : defaultModel;
            request = new EmbeddingRequest(model, inputs, base64, dimensions);
            error = null;
            return true;
        }
    }
}
