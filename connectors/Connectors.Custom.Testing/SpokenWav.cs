using System;
using System.Buffers.Binary;
using System.Text;

namespace Connectors.Custom.Testing;

/// <summary>
/// The local server's "speech": a valid WAV (24 kHz, 16-bit, mono, like OpenAI's <c>pcm</c>) of tones, one per
/// character, lasting as long as the text would take to read (about 15 characters a second). The text itself is kept
/// in the file's <c>LIST/INFO/ICMT</c> comment chunk, so transcribing the file gives it back: honest about being a
/// stand-in, and a speak → transcribe round trip works offline.
/// </summary>
internal static class SpokenWav
{
    public const int SampleRate = 24_000;
    public const int ByteRate = SampleRate * 2;
    private const double CharactersPerSecond = 15;
    private const short Amplitude = 3000;

    /// <summary>The number of audio bytes (samples, no header) for <paramref name="text"/>: at least a quarter second.</summary>
    public static long DataLength(string text) => Math.Max(ByteRate / 4, (long)(text.Length / CharactersPerSecond * SampleRate) * 2);

    /// <summary>The RIFF header, <c>fmt</c> chunk, comment chunk and <c>data</c> chunk header for a file of
    /// <paramref name="dataLength"/> audio bytes.</summary>
    public static byte[] Header(string text, long dataLength)
    {
        var comment = Encoding.UTF8.GetBytes(text + "\0");
        var commentPadded = comment.Length + (comment.Length & 1);
        var listSize = 4 + 8 + commentPadded;
        var header = new byte[12 + 24 + 8 + listSize + 8];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(header.Length - 8 + dataLength));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], ByteRate);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2); // block align
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16); // bits per sample
        "LIST"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)listSize);
        "INFO"u8.CopyTo(span[44..]);
        "ICMT"u8.CopyTo(span[48..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[52..], (uint)comment.Length);
        comment.CopyTo(span[56..]);
        var data = 56 + commentPadded;
        "data"u8.CopyTo(span[data..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(data + 4)..], (uint)dataLength);
        return header;
    }

    /// <summary>Writes the samples from byte <paramref name="offset"/> of the audio: a tone per character.</summary>
    public static void FillSamples(Span<byte> destination, long offset, string text, long dataLength)
    {
        var totalSamples = dataLength / 2;
        for (var i = 0; i + 1 < destination.Length; i += 2)
        {
            var sample = (offset + i) / 2;
            var character = text.Length == 0 ? 'a' : text[(int)(sample * text.Length / Math.Max(1, totalSamples))];
            var frequency = 220 + (character % 32 * 20);
            var value = (short)(Amplitude * Math.Sin(2 * Math.PI * frequency * sample / SampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(destination[i..], value);
        }
    }

    /// <summary>The whole file, for a delivery a fault breaks.</summary>
    public static byte[] Create(string text, bool withHeader)
    {
        var length = DataLength(text);
        var header = withHeader ? Header(text, length) : [];
        var file = new byte[header.Length + length];
        header.CopyTo(file, 0);
        FillSamples(file.AsSpan(header.Length), 0, text, length);
        return file;
    }

    /// <summary>Reads a WAV's duration and, when it is one this server spoke, its text.</summary>
    /// <returns>False when the bytes are not a WAV with a <c>fmt</c> chunk.</returns>
    public static bool TryRead(ReadOnlySpan<byte> wav, out TimeSpan duration, out string? text)
    {
        duration = TimeSpan.Zero;
        text = null;
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            return false;
        }

        uint byteRate = 0;
        for (var position = 12; position + 8 <= wav.Length;)
        {
            var id = wav.Slice(position, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(wav[(position + 4)..]), (uint)(wav.Length - position - 8));
            var body = wav.Slice(position + 8, size);
            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
            }
            else if (id.SequenceEqual("LIST"u8) && size >= 12 && body[..4].SequenceEqual("INFO"u8) && body[4..8].SequenceEqual("ICMT"u8))
            {
                var length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(body[8..]), (uint)(size - 12));
                text = Encoding.UTF8.GetString(body.Slice(12, length)).TrimEnd('\0');
            }
            else if (id.SequenceEqual("data"u8) && byteRate > 0)
            {
                duration = TimeSpan.FromSeconds((double)size / byteRate);
            }

            position += 8 + size + (size & 1);
        }

        return byteRate > 0;
    }
}
