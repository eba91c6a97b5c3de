using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The state of one <c>GenerateAsync</c> call shared by its batches: the result slots and summed usage.</summary>
internal sealed class EmbeddingCall
{
    private readonly object _gate = new();
    private UsageDetails? _usage;
    private string? _servedModel;

    public EmbeddingCall(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string primaryModelId, int? requestedDimensions)
    {
        Inputs = inputs;
        PrimaryModelId = primaryModelId;
        var modelId = options?.ModelId ?? primaryModelId;
        Options = options;
        ModelId = modelId;
        RequestedDimensions = requestedDimensions;
        Vectors = new float[]?[inputs.Count];
    }

    public IReadOnlyList<string> Inputs { get; }

    public EmbeddingGenerationOptions? Options { get; }

    /// <summary>Gets the model the call asked for (the primary endpoint's unless the options name another).</summary>
    public string ModelId { get; }

    /// <summary>Gets the primary endpoint's model: a call for it is sent to each backup under the backup's own model.</summary>
    public string PrimaryModelId { get; }

    public int? RequestedDimensions { get; }

    /// <summary>Gets the result slots, one per input; each batch fills its own range, so no locking is needed.</summary>
    public float[]?[] Vectors { get; }

    /// <summary>Gets the endpoint that answered the last batch (for logs and usage records).</summary>
    public string? Endpoint { get; private set; }

    /// <summary>Gets the attempts made over all batches.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Gets the price of the model that answered.</summary>
    public ModelPrice? Price { get; private set; }

    private int _attempts;

    public void RecordEndpoint(string endpoint, int attempts, ModelPrice? price)
    {
        Interlocked.Add(ref _attempts, attempts);
        lock (_gate)
        {
            Endpoint = endpoint;
            Price = price;
        }
    }

    /// <summary>Stores a batch's vectors in their slots and adds its usage.</summary>
    public void Record(EmbeddingBatch batch, float[]?[] vectors, EmbeddingBatchResponse response)
    {
        Array.Copy(vectors, 0, Vectors, batch.Offset, batch.Count);
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
