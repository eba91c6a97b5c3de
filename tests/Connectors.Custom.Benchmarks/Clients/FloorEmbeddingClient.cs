using System.Buffers;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>
/// The floor: the least work a .NET client can do for an embeddings call. It posts a request body built in advance,
/// reads the response into a pooled buffer and decodes vectors straight into <c>float[]</c> with
/// <see cref="Utf8JsonReader"/> (base64 through <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>,
/// no intermediate strings). It has no abstractions, retries or telemetry: real clients are reported as a ratio to it.
/// </summary>
internal sealed class FloorEmbeddingClient(HttpClient httpClient, Uri embeddingsAddress)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Builds the request body once, outside any measurement.</summary>
    public static byte[] CreateRequestBody(IEnumerable<string> inputs, string model, bool base64)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteStartArray("input"u8);
            foreach (var input in inputs)
            {
                writer.WriteStringValue(input);
            }

            writer.WriteEndArray();
            writer.WriteString("encoding_format"u8, base64 ? "base64"u8 : "float"u8);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Sends one request and returns its vectors in input order.</summary>
    public async Task<float[][]> EmbedAsync(ReadOnlyMemory<byte> requestBody, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(requestBody);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, embeddingsAddress) { Content = content };
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();

        // Read inline, not through a shared async helper: a second async method would add its own boxed state machine
        // and task to every call and lift the floor the other clients are measured against.
        var buffer = ArrayPool<byte>.Shared.Rent((int)(response.Content.Headers.ContentLength ?? 64 * 1024));
        try
        {
            var length = 0;
            await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        Grow(ref buffer, length);
                    }
                }
            }

            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Grow(ref byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private static float[][] Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var vectors = new List<(int Index, float[] Vector)>();
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (!isData)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                vectors.Add(ReadItem(ref reader));
            }
        }

        var result = new float[vectors.Count][];
        foreach (var (index, vector) in vectors)
        {
            result[index] = vector;
        }

        return result;
    }

    private static (int Index, float[] Vector) ReadItem(ref Utf8JsonReader reader)
    {
        var index = -1;
        float[]? vector = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("embedding"u8))
            {
                reader.Read();
                vector = reader.TokenType == JsonTokenType.String ? DecodeBase64(ref reader) : ReadFloats(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (index, vector ?? throw new JsonException("An embedding item has no 'embedding'."));
    }

    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        // Base64 has no characters JSON must escape, so the raw value is the base64 text itself. Decoding into the
        // float array's bytes assumes a little-endian host, as x64 and arm64 are.
        var encoded = reader.ValueIsEscaped ? throw new JsonException("Unexpected escaped base64.") : reader.ValueSpan;
        var padding = encoded.Length > 0 && encoded[^1] == '=' ? (encoded.Length > 1 && encoded[^2] == '=' ? 2 : 1) : 0;
        var vector = new float[((encoded.Length / 4 * 3) - padding) / sizeof(float)];
        var status = Base64.DecodeFromUtf8(encoded, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out _);
        return status == OperationStatus.Done ? vector : throw new JsonException($"Invalid base64 embedding ({status}).");
    }

    private static float[] ReadFloats(ref Utf8JsonReader reader)
    {
        var scratch = ArrayPool<float>.Shared.Rent(4096);
        try
        {
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                if (count == scratch.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(scratch.Length * 2);
                    scratch.CopyTo(larger, 0);
                    ArrayPool<float>.Shared.Return(scratch);
                    scratch = larger;
                }

                scratch[count++] = reader.GetSingle();
            }

            return scratch.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
