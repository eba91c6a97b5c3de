using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/embeddings</c>: vectors from the configured backend, or hashed from each input.</summary>
internal sealed class EmbeddingsHandler(LocalServerOptions options) : IEndpointHandler
{
    public string Method => HttpMethods.Post;

    public string Path => "/v1/embeddings";

    public EndpointRead Read(RecordedRequest request)
    {
        var backend = options.EmbeddingBackend;
        var dimensions = backend?.Dimensions ?? options.EmbeddingDimensions;
        if (!EmbeddingRequestReader.TryRead(request.Body, options.EmbeddingModelId, dimensions, out var embedding, out var error))
        {
            return EndpointRead.Invalid(error!);
        }

        if (backend is not null && embedding!.Dimensions != dimensions)
        {
            // A real model has one vector length; unlike the hashed vectors, it cannot make another on request.
            return EndpointRead.Invalid($"This model's vectors have {dimensions} dimensions; 'dimensions' must be {dimensions} or left out.");
        }

        return EndpointRead.Answer(new EndpointCall(embedding!.Model, Faultable: true, ServedAs.Embeddings, answer => AnswerAsync(answer, backend, embedding)));
    }

    private static Task AnswerAsync(AnswerContext context, IEmbeddingBackend? backend, EmbeddingRequest embedding)
    {
        var vectors = backend is not null ? Embed(backend, embedding.Inputs, context) : new float[embedding.Inputs.Count][];
        var tokens = 0;
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] ??= DeterministicEmbedding.Create(embedding.Inputs[i], embedding.Dimensions);
            tokens += TokenCounter.CountWords(embedding.Inputs[i]);
        }

        return context.WriteJsonAsync(StatusCodes.Status200OK, EmbeddingJson.Response(embedding, vectors, tokens));
    }

    private static float[][] Embed(IEmbeddingBackend backend, IReadOnlyList<string> inputs, AnswerContext context)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.Http.RequestAborted, context.Delivery.Stopping);
        var vectors = backend.Embed(inputs, either.Token);
        if (vectors is null || vectors.Length != inputs.Count || Array.Exists(vectors, v => v is null || v.Length != backend.Dimensions))
        {
            throw new InvalidOperationException($"{backend.GetType().Name}.Embed must return {inputs.Count} vectors of {backend.Dimensions} values.");
        }

        return vectors;
    }
}
