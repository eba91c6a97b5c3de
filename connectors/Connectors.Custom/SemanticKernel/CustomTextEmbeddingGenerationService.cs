using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Embeddings;
using Microsoft.SemanticKernel.Services;

namespace Connectors.Custom;

#pragma warning disable CS0618 // ITextEmbeddingGenerationService is obsolete in SK, yet SemanticTextMemory and MemoryBuilder still require it.

/// <summary>
/// Semantic Kernel's older <see cref="ITextEmbeddingGenerationService"/> over <see cref="CustomEmbeddingGenerator"/>,
/// for <c>SemanticTextMemory</c> / <c>MemoryBuilder</c> and other code written against that interface.
/// </summary>
/// <remarks>New code should use <see cref="CustomEmbeddingGenerator"/> (<c>IEmbeddingGenerator</c>) directly; this
/// adapter adds nothing but the interface, so batching, ordering and base64 decoding are the same. Thread-safe.</remarks>
public sealed class CustomTextEmbeddingGenerationService : ITextEmbeddingGenerationService
{
    private readonly CustomEmbeddingGenerator _generator;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _calls;
    private readonly Dictionary<string, object?> _attributes;

    /// <summary>Initializes a new instance of the <see cref="CustomTextEmbeddingGenerationService"/> class.</summary>
    /// <param name="options">The endpoint, model and batching settings. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomTextEmbeddingGenerationService(CustomEmbeddingOptions options, HttpClient? httpClient = null)
        : this(new CustomEmbeddingGenerator(Resolve(options), httpClient))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CustomTextEmbeddingGenerationService"/> class over an existing generator.</summary>
    /// <param name="generator">The generator to adapt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public CustomTextEmbeddingGenerationService(CustomEmbeddingGenerator generator)
        : this(generator, generator)
    {
    }

    /// <summary>Adapts <paramref name="generator"/>, sending calls through <paramref name="calls"/> (the generator
    /// behind fleet mode's embeddings cache).</summary>
    internal CustomTextEmbeddingGenerationService(CustomEmbeddingGenerator generator, IEmbeddingGenerator<string, Embedding<float>> calls)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _calls = calls;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        _attributes = new Dictionary<string, object?>
        {
            [AIServiceExtensions.ModelIdKey] = generator.ModelId,
            [AIServiceExtensions.EndpointKey] = metadata.ProviderUri?.ToString(),
        };
    }

    // The preset is applied to a validated copy here (see CustomEndpointOptions.Provider); a resolved copy resolves to itself.
    private static CustomEmbeddingOptions Resolve(CustomEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Resolve();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <summary>Gets the generator this service delegates to.</summary>
    public CustomEmbeddingGenerator Generator => _generator;

    /// <inheritdoc />
    public async Task<IList<ReadOnlyMemory<float>>> GenerateEmbeddingsAsync(IList<string> data, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var embeddings = await _calls.GenerateAsync(data, cancellationToken: cancellationToken).ConfigureAwait(false);
        var vectors = new ReadOnlyMemory<float>[embeddings.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = embeddings[i].Vector;
        }

        return vectors;
    }
}
