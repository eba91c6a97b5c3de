using CsCheck;

namespace Connectors.Custom.Fuzz;

/// <summary>Input generators: random bytes, valid inputs unchanged (every split point and variant), and valid inputs
/// broken by <see cref="Mutator"/>, which is where most of the interesting cases are.</summary>
public static class FuzzInputs
{
    private static readonly Gen<int> s_variant = Gen.Int[0, int.MaxValue];

    public static Gen<FuzzCase> From(byte[][] seeds) => Gen.Frequency(
        (2, Gen.Select(Gen.Byte.Array[0, 512], s_variant, (data, variant) => new FuzzCase(data, variant))),
        (1, Gen.Select(Gen.Int[0, seeds.Length - 1], s_variant, (index, variant) => new FuzzCase(seeds[index], variant))),
        (7, Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, seeds.Length - 1], Gen.ULong, s_variant,
            (index, other, seed, variant) => new FuzzCase(Mutator.Mutate(seeds[index], seeds[other], seed), variant))));

    /// <summary>Each seed repeated to <paramref name="size"/> bytes (the last copy cut short): a parser
    /// whose work grows faster than its input shows here, where small random cases hide it.</summary>
    public static IEnumerable<FuzzCase> Repeated(byte[][] seeds, int size)
    {
        foreach (var seed in seeds)
        {
            var repeated = new byte[size];
            for (var i = 0; i < size; i++)
            {
                repeated[i] = seed[i % seed.Length];
            }

            // Variants 14 and 15: reads of 15-16 bytes and pushes of 8 characters (token-sized, as servers stream),
            // both think-tag modes. Byte-by-byte splits are covered by the small random cases.
            yield return new FuzzCase(repeated, 14);
            yield return new FuzzCase(repeated, 15);
        }
    }
}
