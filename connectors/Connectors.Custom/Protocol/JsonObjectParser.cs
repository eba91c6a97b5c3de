using System;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads the members of the object the reader has just entered into <paramref name="state"/>.</summary>
internal delegate void JsonRootReader<in T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, T state);

/// <summary>
/// Runs a one-pass reader over a body that must be one JSON object, turning every way it can be wrong (empty, not an
/// object, malformed, trailing content, text that is not valid UTF-16) into a <see cref="CustomProtocolException"/>.
/// Shared by the chat completions and Responses parsers.
/// </summary>
/// <remarks>A root reader may stop inside the object once it has all it needs (a stream event that repeats a whole
/// response when only its id is wanted): what it leaves is neither read nor checked.</remarks>
internal static class JsonObjectParser
{
    // Strict JSON: comment and trailing-comma handling would put every token of every chunk through a slower path.
    private static readonly JsonReaderOptions s_readerOptions = default;

    /// <exception cref="CustomProtocolException">The text is not a JSON object or is malformed.</exception>
    public static void Parse<T>(ReadOnlySpan<byte> json, T state, JsonRootReader<T> readRoot)
    {
        var reader = new Utf8JsonReader(json, s_readerOptions);
        try
        {
            if (!reader.Read())
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, "The response contained no JSON.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"Expected a JSON object but the response starts with a JSON {reader.TokenType}.");
            }

            readRoot(ref reader, json, state);

            // Anything after the object other than whitespace is malformed; the reader throws on it.
            if (reader.CurrentDepth == 0 && reader.Read())
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, "The response has content after its JSON object.");
            }
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.MalformedJson,
                $"The response is not valid JSON ({ex.Message.TrimEnd('.')}); it may have been cut off.",
                ex);
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks structure, not the text inside strings: reading or comparing a string that is not
            // valid UTF-8 or escapes a lone surrogate (\udc00) throws this. Nothing else here can (found by fuzzing).
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"The response holds a string that is not valid text ({ex.Message.TrimEnd('.')}).", ex);
        }
    }
}
