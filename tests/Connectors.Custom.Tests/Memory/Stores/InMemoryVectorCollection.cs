using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Connectors.Custom.Tests.Memory.Stores;

#pragma warning disable MEVD9001 // ProviderServices is how MEVD providers resolve embedding generators; this test store is a provider.

/// <summary>
/// One collection of <see cref="InMemoryVectorStore"/>: upsert, get, delete and cosine-similarity search. When the
/// record's vector property holds source text, upsert and search turn text into vectors with the embedding generator
/// MEVD's model builder resolved for that property, the way real providers do.
/// </summary>
/// <remarks>Single vector property only; no hybrid search, no ordering in filtered gets.</remarks>
public sealed class InMemoryVectorCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<object, StoredRecord>> _collections;
    private readonly CollectionModel _model;
    private readonly VectorStoreCollectionMetadata _metadata;

    internal InMemoryVectorCollection(string name, VectorStoreCollectionDefinition? definition, IEmbeddingGenerator? storeGenerator, ConcurrentDictionary<string, ConcurrentDictionary<object, StoredRecord>> collections)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _collections = collections;
        _model = typeof(TRecord) == typeof(Dictionary<string, object?>)
            ? new InMemoryModelBuilder().BuildDynamic(definition ?? throw new ArgumentNullException(nameof(definition), "Dynamic collections need a definition."), storeGenerator)
            : new InMemoryModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, storeGenerator);
        _metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = InMemoryVectorStore.SystemName, CollectionName = name };
    }

    public override string Name { get; }

    /// <summary>Gets the vector a record is searched by, so tests can see what the generator produced for text.</summary>
    /// <param name="key">The record key.</param>
    /// <returns>The stored vector, or null when there is no such record.</returns>
    public ReadOnlyMemory<float>? GetStoredVector(TKey key) => Records.TryGetValue(key, out var stored) ? stored.Vector : null;

    private ConcurrentDictionary<object, StoredRecord> Records =>
        _collections.TryGetValue(Name, out var records)
            ? records
            : throw new VectorStoreException($"Collection '{Name}' does not exist; call EnsureCollectionExistsAsync first.") { VectorStoreSystemName = InMemoryVectorStore.SystemName, CollectionName = Name };

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.ContainsKey(Name));

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        _collections.TryAdd(Name, new ConcurrentDictionary<object, StoredRecord>());
        return Task.CompletedTask;
    }

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        _collections.TryRemove(Name, out _);
        return Task.CompletedTask;
    }

    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfVectorsRequestedForText(options?.IncludeVectors == true);
        return Task.FromResult(Records.TryGetValue(key, out var stored) ? (TRecord?)stored.Record : null);
    }

    public override IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ThrowIfVectorsRequestedForText(options?.IncludeVectors == true);
        if (options?.OrderBy is not null)
        {
            throw new NotSupportedException("This test store does not order filtered gets.");
        }

        var predicate = filter.Compile();
        return Records.Values.Select(stored => (TRecord)stored.Record).Where(predicate).Skip(options?.Skip ?? 0).Take(top).ToAsyncEnumerable();
    }

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Records.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) =>
        UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = records.ToList();
        var store = Records;
        var property = _model.VectorProperty;

        // Text-valued vector properties are embedded in one generator call for the whole batch, as real providers do.
        IReadOnlyList<Embedding>? generated = null;
        if (property.EmbeddingType != property.Type)
        {
            generated = await property.GenerateEmbeddingsAsync(batch.Select(record => property.GetValueAsObject(record)), cancellationToken);
            if (generated.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedding generator returned {generated.Count} embeddings for {batch.Count} records.");
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var vector = generated is null ? AsVector(property.GetValueAsObject(batch[i])) : AsVector(generated[i]);
            if (vector.Length != property.Dimensions)
            {
                throw new InvalidOperationException($"Property '{property.ModelName}' declares {property.Dimensions} dimensions but got a vector of {vector.Length}.");
            }

            var key = _model.KeyProperty.GetValueAsObject(batch[i]) ?? throw new InvalidOperationException("A record has a null key.");
            store[key] = new StoredRecord(batch[i], vector);
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        ThrowIfVectorsRequestedForText(options.IncludeVectors);
        var property = _model.GetVectorPropertyOrSingle(options);
        if (property.DistanceFunction is not (null or DistanceFunction.CosineSimilarity))
        {
            throw new NotSupportedException($"This test store only ranks by {DistanceFunction.CosineSimilarity}.");
        }

        var query = searchValue switch
        {
            ReadOnlyMemory<float> or float[] or Embedding<float> => AsVector(searchValue),
            _ when property.EmbeddingGenerationDispatcher is not null => AsVector(await property.GenerateEmbeddingAsync(searchValue, cancellationToken)),
            _ => throw new NotSupportedException($"Searching by {typeof(TInput).Name} needs an embedding generator configured for '{property.ModelName}'."),
        };
        if (query.Length != property.Dimensions)
        {
            throw new InvalidOperationException($"The query vector has {query.Length} dimensions; '{property.ModelName}' has {property.Dimensions}.");
        }

        var filter = options.Filter?.Compile();
        var ranked = Records.Values
            .Where(stored => filter is null || filter((TRecord)stored.Record))
            .Select(stored => new VectorSearchResult<TRecord>((TRecord)stored.Record, TensorPrimitives.CosineSimilarity(query.Span, stored.Vector.Span)))
            .Where(result => options.ScoreThreshold is not { } threshold || result.Score >= threshold)
            .OrderByDescending(result => result.Score)
            .Skip(options.Skip)
            .Take(top);
        foreach (var result in ranked)
        {
            yield return result;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // A text-valued vector property cannot hold the vector, so asking for vectors back is an error (as in SK's stores).
    private void ThrowIfVectorsRequestedForText(bool includeVectors)
    {
        if (includeVectors && _model.EmbeddingGenerationRequired)
        {
            throw new NotSupportedException("Vectors cannot be returned for a vector property that holds source text.");
        }
    }

    private static ReadOnlyMemory<float> AsVector(object? value) => value switch
    {
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        _ => throw new InvalidOperationException($"Expected a float vector, got {value?.GetType().Name ?? "null"}."),
    };
}
