using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Memory;

namespace Connectors.Custom.Tests.Memory.Stores;

/// <summary>
/// A minimal <see cref="IMemoryStore"/> kept in memory that ranks by cosine similarity. SK's own memory store packages
/// are not available here, and <c>SemanticTextMemory</c> needs a store to exercise the embedding service end to end.
/// </summary>
/// <remarks>Follows SK's <c>VolatileMemoryStore</c> semantics: the record key is its metadata id, embeddings are
/// returned only when asked for, and results below the minimum relevance are dropped.</remarks>
public sealed class InMemoryMemoryStore : IMemoryStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MemoryRecord>> _collections = new(StringComparer.Ordinal);

    public Task CreateCollectionAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        _collections.TryAdd(collectionName, new ConcurrentDictionary<string, MemoryRecord>(StringComparer.Ordinal));
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<string> GetCollectionsAsync(CancellationToken cancellationToken = default) =>
        _collections.Keys.ToAsyncEnumerable();

    public Task<bool> DoesCollectionExistAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.ContainsKey(collectionName));

    public Task DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        _collections.TryRemove(collectionName, out _);
        return Task.CompletedTask;
    }

    public Task<string> UpsertAsync(string collectionName, MemoryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Key = record.Metadata.Id;
        Collection(collectionName)[record.Key] = record;
        return Task.FromResult(record.Key);
    }

    public async IAsyncEnumerable<string> UpsertBatchAsync(string collectionName, IEnumerable<MemoryRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            yield return await UpsertAsync(collectionName, record, cancellationToken);
        }
    }

    public Task<MemoryRecord?> GetAsync(string collectionName, string key, bool withEmbedding = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.TryGetValue(collectionName, out var records) && records.TryGetValue(key, out var record)
            ? Shape(record, withEmbedding)
            : null);

    public async IAsyncEnumerable<MemoryRecord> GetBatchAsync(string collectionName, IEnumerable<string> keys, bool withEmbeddings = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var key in keys)
        {
            if (await GetAsync(collectionName, key, withEmbeddings, cancellationToken) is { } record)
            {
                yield return record;
            }
        }
    }

    public Task RemoveAsync(string collectionName, string key, CancellationToken cancellationToken = default)
    {
        if (_collections.TryGetValue(collectionName, out var records))
        {
            records.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    public async Task RemoveBatchAsync(string collectionName, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys)
        {
            await RemoveAsync(collectionName, key, cancellationToken);
        }
    }

    public IAsyncEnumerable<(MemoryRecord, double)> GetNearestMatchesAsync(string collectionName, ReadOnlyMemory<float> embedding, int limit, double minRelevanceScore = 0, bool withEmbeddings = false, CancellationToken cancellationToken = default) =>
        Rank(collectionName, embedding, limit, minRelevanceScore, withEmbeddings).ToAsyncEnumerable();

    public Task<(MemoryRecord, double)?> GetNearestMatchAsync(string collectionName, ReadOnlyMemory<float> embedding, double minRelevanceScore = 0, bool withEmbedding = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rank(collectionName, embedding, 1, minRelevanceScore, withEmbedding).Select(match => ((MemoryRecord, double)?)match).FirstOrDefault());

    private List<(MemoryRecord, double)> Rank(string collectionName, ReadOnlyMemory<float> embedding, int limit, double minRelevanceScore, bool withEmbeddings)
    {
        if (limit <= 0 || embedding.IsEmpty || !_collections.TryGetValue(collectionName, out var records))
        {
            return [];
        }

        return records.Values
            .Where(record => record.Embedding.Length == embedding.Length)
            .Select(record => (Record: record, Score: (double)TensorPrimitives.CosineSimilarity(embedding.Span, record.Embedding.Span)))
            .Where(match => match.Score >= minRelevanceScore)
            .OrderByDescending(match => match.Score)
            .Take(limit)
            .Select(match => (Shape(match.Record, withEmbeddings), match.Score))
            .ToList();
    }

    private ConcurrentDictionary<string, MemoryRecord> Collection(string collectionName) =>
        _collections.TryGetValue(collectionName, out var records)
            ? records
            : throw new KernelException($"Memory collection '{collectionName}' does not exist; create it first.");

    // Callers that did not ask for embeddings get the record without its vector, as SK's stores do.
    private static MemoryRecord Shape(MemoryRecord record, bool withEmbedding) =>
        withEmbedding ? record : MemoryRecord.FromMetadata(record.Metadata, ReadOnlyMemory<float>.Empty, record.Key, record.Timestamp);
}
