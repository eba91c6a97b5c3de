using System.Buffers;
using System.Text.Json;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>The two things the server needs from an embeddings request: how many inputs, and which encoding.</summary>
internal readonly record struct EmbeddingRequest(int InputCount, bool Base64)
{
    /// <summary>Reads <c>input</c> (a string or an array) and <c>encoding_format</c> (absent, "float" or "base64"),
    /// skipping everything else without materialising the texts. On failure, <paramref name="error"/> names the
    /// offending field (OpenAI's <c>param</c>) and the problem.</summary>
    public static bool TryParse(ReadOnlySequence<byte> body, out EmbeddingRequest request, out (string? Param, string Message) error)
    {
        request = default;
        error = default;
        var reader = new Utf8JsonReader(body);
        int? inputCount = null;
        var base64 = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = (null, "The request body must be a JSON object.");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("input"u8))
                {
                    reader.Read();
                    inputCount = CountInputs(ref reader);
                }
                else if (reader.ValueTextEquals("encoding_format"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("base64"u8))
                    {
                        base64 = true;
                    }
                    else if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("float"u8))
                    {
                        error = ("encoding_format", "encoding_format must be float or base64.");
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException exception)
        {
            error = (null, $"The request body is not valid JSON: {exception.Message}");
            return false;
        }

        if (inputCount is not > 0)
        {
            error = ("input", "input must be a non-empty string or array.");
            return false;
        }

        request = new EmbeddingRequest(inputCount.Value, base64);
        return true;
    }

    private static int CountInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return 1;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // Token-array inputs ([[1, 2], [3]]) count once each.
            reader.Skip();
            count++;
        }

        return count;
    }
}
