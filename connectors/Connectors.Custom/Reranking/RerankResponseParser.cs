using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads a rerank answer: <c>results[{index, relevance_score}]</c> (Jina/Cohere) or <c>data[{index, score}]</c>
/// (vLLM's <c>score</c>), and Cohere's billed search units.</summary>
internal static class RerankResponseParser
{
    /// <summary>The scores by document index, and the search units billed (zero when the server did not say).</summary>
    /// <exception cref="CustomProtocolException">The answer lacks its list, or an entry lacks an index in range or a score.</exception>
    public static (IReadOnlyList<(int Index, double Score)> Scores, long SearchUnits) Parse(JsonElement root, int documentCount)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected("is not a JSON object");
        }

        JsonElement list;
        if (!(root.TryGetProperty("results", out list) || root.TryGetProperty("data", out list)) || list.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected("has neither a 'results' nor a 'data' array");
        }

        var seen = new bool[documentCount];
        var scores = new List<(int, double)>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("index", out var indexValue) || !indexValue.TryGetInt32(out var index))
            {
                throw Unexpected("has an entry without an integer 'index'");
            }

            if (index < 0 || index >= documentCount || seen[index])
            {
                throw Unexpected($"has index {index}, outside the {documentCount} documents sent or repeated");
            }

            if (!(item.TryGetProperty("relevance_score", out var scoreValue) || item.TryGetProperty("score", out scoreValue)) || !scoreValue.TryGetDouble(out var score))
            {
                throw Unexpected($"has no numeric 'relevance_score' or 'score' for index {index}");
            }

            seen[index] = true;
            scores.Add((index, score));
        }

        long units = 0;
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("billed_units", out var billed) && billed.ValueKind == JsonValueKind.Object
            && billed.TryGetProperty("search_units", out var searchUnits) && searchUnits.TryGetInt64(out var value))
        {
            units = value;
        }

        return (scores, units);
    }

    private static CustomProtocolException Unexpected(string problem) =>
        new(CustomProtocolErrorKind.UnexpectedShape, $"The rerank response {problem}.");
}
