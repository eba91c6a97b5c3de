using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Data;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>Builds the floor, SK and Connectors.Custom calls for a scenario. Inputs, request bodies and chunks are all
/// prepared here, outside the measurement.</summary>
internal static class ClientCases
{
    public const string Floor = "floor (raw HttpClient)";
    public const string SemanticKernel = "SK 1.82 OpenAI";
    public const string Ours = "Connectors.Custom";

    public static IReadOnlyList<ClientCase> Create(EmbeddingScenario scenario, string[] inputs, Uri baseAddress, FloorEmbeddingClient floor)
    {
        var chunks = inputs.Chunk(BenchmarkVectors.MaxInputsPerRequest).ToArray();
        return
        [
            CreateFloor(floor, chunks, scenario.Base64),
            CreateSemanticKernel(baseAddress, chunks, scenario.Base64),
            CreateOurs(baseAddress, inputs, scenario.Base64),
        ];
    }

    /// <summary>The floor sends its own prebuilt requests, one after another.</summary>
    private static ClientCase CreateFloor(FloorEmbeddingClient floor, string[][] chunks, bool base64)
    {
        var bodies = chunks.Select(chunk => FloorEmbeddingClient.CreateRequestBody(chunk, EmbeddingGenerators.Model, base64)).ToArray();
        var total = chunks.Sum(chunk => chunk.Length);
        return new(Floor, async cancellationToken =>
        {
            if (bodies.Length == 1)
            {
                return View(await floor.EmbedAsync(bodies[0], cancellationToken));
            }

            var all = new float[total][];
            var offset = 0;
            foreach (var body in bodies)
            {
                var vectors = await floor.EmbedAsync(body, cancellationToken);
                vectors.CopyTo(all, offset);
                offset += vectors.Length;
            }

            return View(all);
        });
    }

    /// <summary>SK's generator sends every input of a call in one request and has no batching, so (like an
    /// application would have to) it is called once per 2048-input chunk, one chunk after another.</summary>
    private static ClientCase CreateSemanticKernel(Uri baseAddress, string[][] chunks, bool base64)
    {
        // The OpenAI SDK appends "/embeddings" to the endpoint as is, so it must not end with a slash.
        var generator = EmbeddingGenerators.CreateSemanticKernel(new Uri(baseAddress.ToString().TrimEnd('/')));
        var options = base64 ? null : EmbeddingGenerators.SemanticKernelFloatOptions;
        return new(SemanticKernel, async cancellationToken =>
        {
            if (chunks.Length == 1)
            {
                return View(await generator.GenerateAsync(chunks[0], options, cancellationToken));
            }

            var all = new List<Embedding<float>>(chunks.Sum(chunk => chunk.Length));
            foreach (var chunk in chunks)
            {
                all.AddRange(await generator.GenerateAsync(chunk, options, cancellationToken));
            }

            return View(all);
        });
    }

    /// <summary>Connectors.Custom gets the whole call and batches it itself.</summary>
    private static ClientCase CreateOurs(Uri baseAddress, string[] inputs, bool base64)
    {
        var generator = EmbeddingGenerators.CreateOurs(baseAddress, base64 ? EmbeddingEncodingFormat.Base64 : EmbeddingEncodingFormat.Float);
        return new(Ours, async cancellationToken => View(await generator.GenerateAsync(inputs, cancellationToken: cancellationToken)));
    }

    private static VectorView<float[]> View(float[][] vectors) => new(vectors, static vector => vector);

    private static VectorView<Embedding<float>> View(IReadOnlyList<Embedding<float>> embeddings) => new(embeddings, static embedding => embedding.Vector);
}
