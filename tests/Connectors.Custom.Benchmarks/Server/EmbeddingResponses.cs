using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// Complete response bodies, built once per (input count, encoding) and then served as bytes, so the server spends
/// its CPU on the socket and not on JSON while the client is measured.
/// </summary>
internal sealed class EmbeddingResponses
{
    public const string Model = "bench-model";

    /// <summary>Usage reported per input: about what a 60–120 character sentence costs in OpenAI tokens.</summary>
    public const int TokensPerInput = 24;

    /// <summary>The size every scenario but ingestion asks for; built at startup, before the server listens.</summary>
    public const int CommonInputCount = 256;

    private readonly ConcurrentDictionary<(int Count, bool Base64), Lazy<byte[]>> _bodies = new();
    private readonly Lazy<byte[][]> _base64Vectors = new(EncodeVectors);

    public EmbeddingResponses()
    {
        Get(CommonInputCount, base64: true);
        Get(CommonInputCount, base64: false);
    }

    /// <summary>Gets the body answering <paramref name="count"/> inputs; other sizes are built on first use and kept.</summary>
    public byte[] Get(int count, bool base64) =>
        _bodies.GetOrAdd((count, base64), key => new Lazy<byte[]>(() => Build(key.Count, key.Base64))).Value;

    private byte[] Build(int count, bool base64)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            for (var i = 0; i < count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object"u8, "embedding"u8);
                writer.WriteNumber("index"u8, i);
                if (base64)
                {
                    writer.WriteBase64String("embedding"u8, _base64Vectors.Value[i]);
                }
                else
                {
                    // Utf8JsonWriter writes the shortest text that round-trips, as OpenAI does (about 10–12 characters).
                    writer.WriteStartArray("embedding"u8);
                    foreach (var value in BenchmarkVectors.Pool[i])
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model"u8, Model);
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("prompt_tokens"u8, count * TokensPerInput);
            writer.WriteNumber("total_tokens"u8, count * TokensPerInput);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Little-endian float32 bytes of each vector, the payload OpenAI base64-encodes.</summary>
    private static byte[][] EncodeVectors() =>
        BenchmarkVectors.Pool.Select(vector =>
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (var j = 0; j < vector.Length; j++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(j * sizeof(float)), vector[j]);
            }

            return bytes;
        }).ToArray();
}
