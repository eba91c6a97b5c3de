using System;
using System.Collections.Generic;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>Scores documents against a query for <c>/v1/rerank</c> and <c>/v1/score</c>: the cosine similarity of
/// sentence embeddings from the server's <see cref="LocalServerOptions.EmbeddingBackend"/> (the real MiniLM model
/// when one is given), else of the hashed vectors (<see cref="DeterministicEmbedding"/>), which rank exact repeats
/// first and everything else arbitrarily but reproducibly.</summary>
/// <remarks>This is a stand-in for a cross-encoder, said plainly: a reranking model reads query and document together
/// and scores far better than a bi-encoder's cosine; here the ranking is only as good as the embedding model.</remarks>
internal static class RelevanceScorer
{
    public static double[] Score(LocalServerOptions options, string query, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        var texts = new List<string>(documents.Count + 1) { query };
        texts.AddRange(documents);
        float[][] vectors;
        if (options.EmbeddingBackend is { } backend)
        {
            vectors = backend.Embed(texts, cancellationToken);
            if (vectors is null || vectors.Length != texts.Count)
            {
                throw new InvalidOperationException($"{backend.GetType().Name}.Embed must return {texts.Count} vectors.");
            }
        }
        else
        {
            vectors = texts.ConvertAll(t => DeterministicEmbedding.Create(t, options.EmbeddingDimensions)).ToArray();
        }

        var scores = new double[documents.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Cosine(vectors[0], vectors[i + 1]);
        }

        return scores;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return na == 0 || nb == 0 ? 0 : Math.Round(dot / Math.Sqrt(na * nb), 6);
    }
}
