using System;
using System.Text;

namespace Connectors.Custom.Testing;

/// <summary>Computes the vector the local server returns for an input: the input's UTF-8 bytes hashed (FNV-1a, 64
/// bits) to a seed, a SplitMix64 sequence from that seed mapped to [-1, 1), scaled to unit length.</summary>
/// <remarks>Stable across processes, machines and .NET versions (no <see cref="string.GetHashCode()"/>, no
/// <see cref="Random"/>).</remarks>
internal static class DeterministicEmbedding
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static float[] Create(string input, int dimensions)
    {
        var state = Hash(input);
        var values = new double[dimensions];
        double sumOfSquares = 0;
        for (var i = 0; i < dimensions; i++)
        {
            // The top 24 bits give a uniform float in [-1, 1) with every value exactly representable.
            var value = ((NextSplitMix64(ref state) >> 40) / (double)(1 << 23)) - 1.0;
            values[i] = value;
            sumOfSquares += value * value;
        }

        var norm = Math.Sqrt(sumOfSquares);
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = norm == 0 ? (i == 0 ? 1f : 0f) : (float)(values[i] / norm);
        }

        return vector;
    }

    private static ulong Hash(string input)
    {
        var hash = FnvOffset;
        foreach (var b in Encoding.UTF8.GetBytes(input))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
