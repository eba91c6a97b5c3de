using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Server;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>
/// Checks one call per client before it is measured, so a client that drops, reorders or misdecodes vectors, or
/// quietly asks for another encoding, cannot look fast.
/// </summary>
internal static class ResultCheck
{
    /// <summary>Returns null when the result is right, otherwise what is wrong.</summary>
    public static string? Verify(EmbeddingScenario scenario, IReadOnlyList<ReadOnlyMemory<float>> vectors, ServedRequestCounts served)
    {
        var requests = scenario.Base64 ? served.Base64 : served.Float;
        var otherEncoding = scenario.Base64 ? served.Float : served.Base64;
        if (requests != scenario.RequestsPerCall || otherEncoding != 0 || served.Inputs != scenario.Inputs)
        {
            return $"the server saw {served.Base64} base64 and {served.Float} float requests for {served.Inputs} inputs; " +
                $"expected {scenario.RequestsPerCall} {(scenario.Base64 ? "base64" : "float")} requests for {scenario.Inputs}";
        }

        if (vectors.Count != scenario.Inputs)
        {
            return $"{vectors.Count} vectors returned for {scenario.Inputs} inputs";
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            // Each request is answered with pool vectors 0, 1, 2, ...: input i sits at position i % 2048 of its request.
            var expected = BenchmarkVectors.Pool[i % BenchmarkVectors.MaxInputsPerRequest];
            if (vectors[i].Length != BenchmarkVectors.Dimensions)
            {
                return $"vector {i} has {vectors[i].Length} dimensions, expected {BenchmarkVectors.Dimensions}";
            }

            if (!vectors[i].Span.SequenceEqual(expected))
            {
                return $"vector {i} differs from the one the server sent";
            }
        }

        return null;
    }
}
