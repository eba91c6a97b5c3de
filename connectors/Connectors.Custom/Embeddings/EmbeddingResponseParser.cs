using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Parses an <c>embeddings</c> response in one pass with <see cref="Utf8JsonReader"/>, writing each vector straight
/// into its final <c>float[]</c>.
/// </summary>
/// <remarks>
/// Base64 vectors are decoded from the response bytes in place (no intermediate string, no number parsing); float
/// arrays are read number by number into the result array. Vectors are placed by their <c>index</c> (arrival order
/// when a server omits it), and every vector must have the same, expected size.
/// </remarks>
internal static class EmbeddingResponseParser
{
    private static readonly JsonReaderOptions s_readerOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses one batch's response into <paramref name="results"/>.</summary>
    /// <param name="json">The response body.</param>
    /// <param name="results">The call's result array; the batch fills positions <c>batch.Offset</c> onwards.</param>
    /// <param name="batch">The batch the response answers.</param>
    /// <param name="expectedDimensions">The vector size to enforce, or 0 to take the first vector's size.</param>
    /// <exception cref="CustomProtocolException">The JSON is malformed, a vector is of the wrong size or encoding, or
    /// the server returned a different number of vectors than inputs.</exception>
    public static EmbeddingBatchResponse Parse(ReadOnlySpan<byte> json, float[]?[] results, EmbeddingBatch batch, int expectedDimensions)
    {
        var response = new EmbeddingBatchResponse { Dimensions = expectedDimensions };
        var reader = new Utf8JsonReader(json, s_readerOptions);
        var received = 0;
        var hasData = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, "The embeddings response is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (JsonReading.AtMember(ref reader, "data"u8))
                {
                    hasData = reader.TokenType == JsonTokenType.StartArray;
                    received = ReadData(ref reader, results, batch, response);
                }
                else if (JsonReading.AtMember(ref reader, "usage"u8))
                {
                    response.Usage = UsageParser.Read(ref reader);
                }
                else if (JsonReading.AtMember(ref reader, "model"u8))
                {
                    response.Model = JsonReading.ReadString(ref reader);
                }
                else if (JsonReading.AtMember(ref reader, "error"u8))
                {
                    response.IsError |= reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
                else if (JsonReading.AtMember(ref reader, "object"u8))
                {
                    response.IsError |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
                }
                else
                {
                    JsonReading.SkipMember(ref reader);
                }
            }
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"The embeddings response is not valid JSON ({ex.Message.TrimEnd('.')}); it may have been cut off.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid UTF-8 or escapes a lone surrogate, met by a comparison or a read (found by
            // fuzzing): the reader validates structure only.
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"The embeddings response holds a string that is not valid text ({ex.Message.TrimEnd('.')}).", ex);
        }

        if (response.IsError)
        {
            return response;
        }

        if (!hasData)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, "The embeddings response has no 'data' array.");
        }

        if (received != batch.Count)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"The server returned {received} embeddings for {batch.Count} inputs.");
        }

        return response;
    }

    private static int ReadData(ref Utf8JsonReader reader, float[]?[] results, EmbeddingBatch batch, EmbeddingBatchResponse response)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"Item {position} of the embeddings 'data' array is a JSON {reader.TokenType}, not an object.");
            }

            float[]? vector = null;
            var index = position;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (JsonReading.AtMember(ref reader, "embedding"u8))
                {
                    vector = ReadVector(ref reader, response.Dimensions, position);
                }
                else if (JsonReading.AtMember(ref reader, "index"u8))
                {
                    index = JsonReading.ReadInt64(ref reader) is { } value and >= 0 and <= int.MaxValue ? (int)value : -1;
                }
                else
                {
                    JsonReading.SkipMember(ref reader);
                }
            }

            if (vector is null)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"Item {position} of the embeddings response has no 'embedding'.");
            }

            if (index < 0 || index >= batch.Count || results[batch.Offset + index] is not null)
            {
                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"The embeddings response has an invalid or repeated index {index} for a request of {batch.Count} inputs.");
            }

            if (response.Dimensions == 0)
            {
                response.Dimensions = vector.Length;
            }

            results[batch.Offset + index] = vector;
            position++;
        }

        return position;
    }

    private static float[] ReadVector(ref Utf8JsonReader reader, int expected, int position)
    {
        var vector = reader.TokenType switch
        {
            JsonTokenType.String => DecodeBase64(ref reader, position),
            JsonTokenType.StartArray => ReadFloats(ref reader, expected),
            _ => throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"The embedding of item {position} is a JSON {reader.TokenType}; expected a base64 string or an array of numbers."),
        };

        if (expected != 0 && vector.Length != expected)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"The embedding of item {position} has {vector.Length} dimensions; expected {expected}.");
        }

        return vector;
    }

    private static float[] DecodeBase64(ref Utf8JsonReader reader, int position)
    {
        // Servers that escape '/' as "\/" need unescaping first; everyone else is decoded in place.
        byte[]? rented = null;
        var encoded = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            encoded = rented.AsSpan(0, reader.CopyString(rented));
        }

        try
        {
            var byteCount = Base64.GetMaxDecodedFromUtf8Length(encoded.Length) - Padding(encoded);
            if (byteCount % sizeof(float) != 0)
            {
                throw InvalidBase64(position);
            }

            var vector = new float[byteCount / sizeof(float)];
            var status = Base64.DecodeFromUtf8(encoded, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out var written);
            if (status != OperationStatus.Done || written != byteCount)
            {
                throw InvalidBase64(position);
            }

            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(vector.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            return vector;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Padding(ReadOnlySpan<byte> encoded) =>
        encoded.EndsWith("=="u8) ? 2 : encoded.EndsWith("="u8) ? 1 : 0;

    private static float[] ReadFloats(ref Utf8JsonReader reader, int expected)
    {
        if (expected > 0)
        {
            // The common case: the size is known, so numbers go straight into the final array.
            var vector = new float[expected];
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var value = ReadFloat(ref reader);
                if (count < expected)
                {
                    vector[count] = value;
                }

                count++;
            }

            return count == expected ? vector : new float[count];
        }

        var buffer = ArrayPool<float>.Shared.Rent(4096);
        try
        {
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = ReadFloat(ref reader);
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static float ReadFloat(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var value)
            ? value
            : throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"An embedding contains a non-number value ({reader.TokenType}) at byte {reader.TokenStartIndex.ToString(CultureInfo.InvariantCulture)}.");

    private static CustomProtocolException InvalidBase64(int position) =>
        new(CustomProtocolErrorKind.UnexpectedShape, $"The embedding of item {position} is not valid base64 of float32 values.");
}
