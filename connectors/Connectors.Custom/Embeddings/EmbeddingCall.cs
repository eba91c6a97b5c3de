using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The state of one <c>GenerateAsync</c> call shared by its batches: the result slots and summed usage.</summary>
internal sealed class EmbeddingCall
{
    private readonly object _gate = new();
    private UsageDetails? _usage;
    private string? _servedModel;

    public EmbeddingCall(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string modelId, int? requestedDimensions)
    {
        Inputs = inputs;
        Options = options;
        ModelId = modelId;
        RequestedDimensions = requestedDimensions;
        Vectors = new float[]?[inputs.Count];
    }

    public IReadOnlyList<string> Inputs { get; }

    public EmbeddingGenerationOptions? Options { get; }

    public string ModelId { get; }

    public int? RequestedDimensions { get; }

    /// <summary>Gets the result slots, one per input; each batch fills its own range, so no locking is needed.</summary>
    public float[]?[] Vectors { get; }

    public void Record(EmbeddingBatchResponse response)
    {
        lock (_gate)
        {
            _servedModel ??= response.Model;
            if (ChatResponseFactory.ToUsageDetails(response.Usage) is { } usage)
            {
                if (_usage is null)
                {
                    _usage = usage;
                }
                else
                {
                    _usage.Add(usage);
                }
            }
        }
    }

    public GeneratedEmbeddings<Embedding<float>> ToResult()
    {
        var modelId = string.IsNullOrEmpty(_servedModel) ? ModelId : _servedModel;
        var embeddings = new List<Embedding<float>>(Vectors.Length);
        foreach (var vector in Vectors)
        {
            // Every slot is filled once each batch's count was checked; a gap here would be a bug, not server input.
            embeddings.Add(new Embedding<float>(vector ?? throw new InvalidOperationException("An embedding slot was left empty.")) { ModelId = modelId });
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = _usage };
    }
}
