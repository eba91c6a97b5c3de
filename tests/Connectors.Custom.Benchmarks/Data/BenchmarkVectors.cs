namespace Connectors.Custom.Benchmarks.Data;

/// <summary>
/// The vectors the loopback server answers with: <see cref="MaxInputsPerRequest"/> distinct 1536-dimension vectors of
/// pseudo-random floats in [-0.1, 0.1] from a fixed seed. The server answers input <c>i</c> of a request with vector
/// <c>i</c>; the harness builds the same pool in its own process to check what each client decoded.
/// </summary>
internal static class BenchmarkVectors
{
    /// <summary>The size of text-embedding-3-small and ada-002 vectors.</summary>
    public const int Dimensions = 1536;

    /// <summary>OpenAI's limit of inputs per request: the server rejects larger requests as OpenAI does, every client
    /// here splits larger calls into requests of this size, and the pool holds one vector per position.</summary>
    public const int MaxInputsPerRequest = 2048;

    private const int Seed = 1536_2048;

    private static readonly Lazy<float[][]> s_pool = new(Create);

    public static IReadOnlyList<float[]> Pool => s_pool.Value;

    private static float[][] Create()
    {
        // Random with an explicit seed uses the same algorithm on every run and platform, so both processes agree.
        var random = new Random(Seed);
        var pool = new float[MaxInputsPerRequest][];
        for (var i = 0; i < pool.Length; i++)
        {
            var vector = new float[Dimensions];
            for (var j = 0; j < vector.Length; j++)
            {
                vector[j] = (float)((random.NextDouble() * 0.2) - 0.1);
            }

            pool[i] = vector;
        }

        return pool;
    }
}
