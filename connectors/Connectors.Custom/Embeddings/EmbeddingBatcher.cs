using System;
using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>Splits a call's inputs into requests that respect the per-request input and token limits.</summary>
internal static class EmbeddingBatcher
{
    public static List<EmbeddingBatch> Split(IReadOnlyList<string> inputs, int maxInputs, int? maxTokens)
    {
        var batches = new List<EmbeddingBatch>((inputs.Count / maxInputs) + 1);
        var start = 0;
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var estimate = maxTokens is null ? 0 : TokenEstimator.ForText(inputs[i]);
            var count = i - start;
            if (count == maxInputs || (count > 0 && tokens + estimate > maxTokens))
            {
                batches.Add(new EmbeddingBatch(start, count));
                start = i;
                tokens = 0;
            }

            // A single input over the token limit still goes alone: the server is the judge of whether it fits.
            tokens += estimate;
        }

        if (inputs.Count > start)
        {
            batches.Add(new EmbeddingBatch(start, inputs.Count - start));
        }

        return batches;
    }

    /// <summary>Rejects null and empty inputs before anything is sent, naming their positions.</summary>
    public static void ValidateInputs(IReadOnlyList<string> inputs)
    {
        List<int>? bad = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (string.IsNullOrEmpty(inputs[i]))
            {
                (bad ??= []).Add(i);
            }
        }

        if (bad is not null)
        {
            var shown = string.Join(", ", bad.Count > 20 ? bad.GetRange(0, 20) : bad);
            throw new ArgumentException(
                $"Embedding inputs must not be null or empty; {bad.Count} are, at position{(bad.Count > 1 ? "s" : string.Empty)} {shown}{(bad.Count > 20 ? ", ..." : string.Empty)}.",
                nameof(inputs));
        }
    }
}
