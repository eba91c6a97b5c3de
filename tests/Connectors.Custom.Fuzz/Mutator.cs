using System.Text;

namespace Connectors.Custom.Fuzz;

/// <summary>
/// Structure-aware mutations of valid inputs: what a broken proxy, a hostile server or a cut connection makes of a
/// real answer. Deterministic for a given seed, so a failing case found by <c>CsCheck</c> replays exactly.
/// </summary>
public static class Mutator
{
    // Values a server might put where another type is expected, chosen to reach the corners of number, string and
    // nesting handling: huge and non-finite numbers, lone surrogates, NUL, deep nesting, cut-off containers.
    private static readonly byte[][] s_hostileValues =
    [
        "null"u8.ToArray(), "true"u8.ToArray(), "false"u8.ToArray(), "0"u8.ToArray(), "-1"u8.ToArray(), "-0"u8.ToArray(),
        "1e999"u8.ToArray(), "-1e999"u8.ToArray(), "1.7976931348623157e309"u8.ToArray(), "123456789012345678901234567890"u8.ToArray(),
        "9223372036854775808"u8.ToArray(), "2147483648"u8.ToArray(), "0.000000000000000000000000000001"u8.ToArray(), "NaN"u8.ToArray(),
        "\"\""u8.ToArray(), "\"x\""u8.ToArray(), "\"\\ud800\""u8.ToArray(), "\"\\udc00x\""u8.ToArray(), "\"\\u0000\""u8.ToArray(),
        "\"\\\""u8.ToArray(), "\"9999999999999999999999\""u8.ToArray(), "\"-5\""u8.ToArray(), "\"1e400\""u8.ToArray(),
        "{}"u8.ToArray(), "[]"u8.ToArray(), "[null]"u8.ToArray(), "{\"a\":"u8.ToArray(), "[1,"u8.ToArray(), "[{}]"u8.ToArray(),
        "\"AAAA\""u8.ToArray(), "\"AAA=\""u8.ToArray(), "\"====\""u8.ToArray(), "\"A\\/A=\""u8.ToArray(),
        Encoding.UTF8.GetBytes(new string('[', 70) + new string(']', 70)),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70)),
    ];

    // Bytes that are never valid UTF-8 in that position: a continuation byte alone, an overlong form, an encoded
    // surrogate, a sequence cut short, bytes above U+10FFFF.
    private static readonly byte[][] s_invalidUtf8 =
    [
        [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xFE, 0xFF], [0xF0, 0x9F],
    ];

    private static readonly byte[][] s_fragments =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "\""u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "\\"u8.ToArray(), "\\u"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\n\n"u8.ToArray(),
        "data:"u8.ToArray(), "data: "u8.ToArray(), ": ping\n"u8.ToArray(), "data: [DONE]\n\n"u8.ToArray(), [0], " "u8.ToArray(),
        "<think>"u8.ToArray(), "</think>"u8.ToArray(), "<think"u8.ToArray(), "</thi"u8.ToArray(), "<tool_call>"u8.ToArray(),
        "</tool_call>"u8.ToArray(), "<function="u8.ToArray(), "</function>"u8.ToArray(), "```"u8.ToArray(), "```json\n"u8.ToArray(),
        "\uFEFF"u8.ToArray(), "h"u8.ToArray(), "ms"u8.ToArray(), "."u8.ToArray(), "e"u8.ToArray(), "-"u8.ToArray(),
    ];

    /// <summary>Applies one to four mutations, chosen by <paramref name="seed"/>, to a copy of <paramref name="input"/>.</summary>
    /// <param name="input">A valid input.</param>
    /// <param name="other">Another valid input, for splices.</param>
    /// <param name="seed">Chooses the mutations and where they apply.</param>
    public static byte[] Mutate(byte[] input, byte[] other, ulong seed)
    {
        var random = new SplitMix(seed);
        var data = new List<byte>(input);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            Apply(data, other, ref random);
        }

        return [.. data];
    }

    private static void Apply(List<byte> data, byte[] other, ref SplitMix random)
    {
        var at = random.Next(data.Count + 1);
        switch (random.Next(11))
        {
            case 0: // Truncation: the connection dropped here.
                data.RemoveRange(at, data.Count - at);
                break;
            case 1: // Splice: the start of one answer and the end of another.
                var from = random.Next(other.Length + 1);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 2: // Replace the value after a colon with a value of another type.
                ReplaceValue(data, ref random);
                break;
            case 3:
                data.InsertRange(at, s_hostileValues[random.Next(s_hostileValues.Length)]);
                break;
            case 4:
                data.InsertRange(at, s_invalidUtf8[random.Next(s_invalidUtf8.Length)]);
                break;
            case 5:
                data.InsertRange(at, s_fragments[random.Next(s_fragments.Length)]);
                break;
            case 6: // Flip a byte.
                if (data.Count > 0)
                {
                    var position = random.Next(data.Count);
                    data[position] = (byte)(data[position] ^ (1 << random.Next(8)));
                }

                break;
            case 7: // Delete a span.
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                break;
            case 8: // Repeat a span: long runs, many events, many tool-call fragments.
                var length = Math.Min(data.Count - at, 1 + random.Next(64));
                var span = data.GetRange(at, length);
                var times = 1 + random.Next(40);
                for (var t = 0; t < times; t++)
                {
                    data.InsertRange(at, span);
                }

                break;
            case 9: // Deep nesting around everything.
                var depth = 1 + random.Next(200);
                data.InsertRange(0, Enumerable.Repeat((byte)'[', depth));
                data.AddRange(Enumerable.Repeat((byte)']', random.Next(depth + 1)));
                break;
            default: // A random byte anywhere.
                data.Insert(at, (byte)random.Next(256));
                break;
        }
    }

    private static void ReplaceValue(List<byte> data, ref SplitMix random)
    {
        var colons = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] == (byte)':')
            {
                colons.Add(i);
            }
        }

        if (colons.Count == 0)
        {
            return;
        }

        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        var nesting = 0;
        var inString = false;
        while (end < data.Count)
        {
            var b = data[end];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    end++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                nesting++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (nesting-- == 0)
                {
                    break;
                }
            }
            else if (b == (byte)',' && nesting == 0)
            {
                break;
            }

            end++;
        }

        end = Math.Min(end, data.Count);
        data.RemoveRange(start, end - start);
        data.InsertRange(start, s_hostileValues[random.Next(s_hostileValues.Length)]);
    }

    /// <summary>A tiny deterministic generator (SplitMix64), so a mutation depends only on its seed.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public int Next(int exclusiveMax)
        {
            if (exclusiveMax <= 1)
            {
                return 0;
            }

            _state += 0x9E3779B97F4A7C15;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
