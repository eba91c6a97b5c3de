using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Custom.Testing;

/// <summary>Draws the image the local server returns for a prompt: a valid PNG (signature, IHDR, one zlib IDAT, IEND,
/// each chunk with its CRC) of the requested size, an RGB gradient whose colours come from a hash of the prompt, so the
/// same prompt and size always give the same bytes. Not a picture of anything.</summary>
internal static class PngImage
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] s_crcTable = CreateCrcTable();

    public static byte[] Create(string prompt, int width, int height)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prompt));
        using var png = new MemoryStream();
        png.Write(s_signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, Pixels(hash, width, height));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static byte[] Pixels(byte[] hash, int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)];
            for (var y = 0; y < height; y++)
            {
                row[0] = 0; // filter type: none
                for (var x = 0; x < width; x++)
                {
                    // Two hashed corner colours blended across the image.
                    var t = width == 1 ? 0 : x * 255 / (width - 1);
                    var u = height == 1 ? 0 : y * 255 / (height - 1);
                    for (var c = 0; c < 3; c++)
                    {
                        row[1 + (x * 3) + c] = (byte)(((hash[c] * (255 - t)) + (hash[c + 3] * t)) / 255 ^ (u & hash[c + 6]));
                    }
                }

                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc(type, data));
        png.Write(number);
    }

    /// <summary>The CRC-32 of the chunk type and data, as the PNG specification defines it.</summary>
    private static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        foreach (var b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
