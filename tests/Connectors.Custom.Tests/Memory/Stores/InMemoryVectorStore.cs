using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Connectors.Custom.Tests.Memory.Stores;

/// <summary>
/// A minimal Microsoft.Extensions.VectorData store kept in memory. SK's <c>TextSearchStore</c> needs a
/// <see cref="VectorStore"/> (it asks it for a collection of its own record type), and no store package is served here.
/// </summary>
/// <param name="embeddingGenerator">The store-wide default generator, used for vector properties whose definition does
/// not name one (MEVD's order: property, then collection definition, then store).</param>
public sealed class InMemoryVectorStore(IEmbeddingGenerator? embeddingGenerator = null) : VectorStore
{
    internal const string SystemName = "test-in-memory";

    // Records per collection name, shared by every collection handle asked for under that name.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<object, StoredRecord>> _collections = new(StringComparer.Ordinal);

    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new InMemoryVectorCollection<TKey, TRecord>(name, definition, embeddingGenerator, _collections);

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        new InMemoryVectorCollection<object, Dictionary<string, object?>>(name, definition, embeddingGenerator, _collections);

    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default) =>
        _collections.Keys.ToAsyncEnumerable();

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.ContainsKey(name));

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        _collections.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = SystemName }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}
