using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// The distributed cache behind the embeddings cache: Redis (Microsoft.Extensions.Caching.StackExchangeRedis, on
/// fleet mode's connection), with every entry expiring after <see cref="CustomRedisOptions.EmbeddingCacheTime"/> and
/// Redis never in the way: while it cannot be reached (or answers late) a read is a miss and a write is skipped, so
/// embeddings are generated as without the cache. Hits and misses are counted in
/// <see cref="FleetInstruments.EmbeddingCacheMetric"/>.
/// </summary>
internal sealed class FleetEmbeddingCache(IDistributedCache redis, FleetHealth health, CustomRedisOptions options, TimeProvider timeProvider) : IDistributedCache
{
    private readonly DistributedCacheEntryOptions _expiry = new() { AbsoluteExpirationRelativeToNow = options.EmbeddingCacheTime };

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!health.ShouldTry)
        {
            FleetInstruments.EmbeddingCache("unavailable");
            return null;
        }

        try
        {
            var value = await redis.GetAsync(key, token).WaitAsync(options.OperationTimeout, timeProvider, token).ConfigureAwait(false);
            health.Succeeded();
            FleetInstruments.EmbeddingCache(value is null ? "miss" : "hit");
            return value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            health.Failed(ex);
            FleetInstruments.EmbeddingCache("unavailable");
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (health.ShouldTry)
        {
            await IgnoringOutageAsync(redis.SetAsync(key, value, HasExpiry(options) ? options : _expiry, token), token).ConfigureAwait(false);
        }
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        health.ShouldTry ? IgnoringOutageAsync(redis.RefreshAsync(key, token), token) : Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        health.ShouldTry ? IgnoringOutageAsync(redis.RemoveAsync(key, token), token) : Task.CompletedTask;

    private static bool HasExpiry(DistributedCacheEntryOptions entry) =>
        entry.AbsoluteExpiration is not null || entry.AbsoluteExpirationRelativeToNow is not null || entry.SlidingExpiration is not null;

    /// <summary>A write the cache cannot make is skipped: the embeddings were generated, only their reuse is lost.</summary>
    private async Task IgnoringOutageAsync(Task operation, CancellationToken token)
    {
        try
        {
            await operation.WaitAsync(options.OperationTimeout, timeProvider, token).ConfigureAwait(false);
            health.Succeeded();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            health.Failed(ex);
        }
    }
}
