using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>The fleet coordinator the core resolves from the container: one per application, sharing one Redis
/// connection and one view of Redis's health among every endpoint of every service.</summary>
internal sealed class RedisFleetCoordinator : IFleetCoordinator, IDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly CustomRedisOptions _options;
    private readonly FleetHealth _health;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<IDistributedCache> _embeddingCache;
    private readonly List<WeakReference<RedisBudgetGate>> _budgetGates = [];

    public RedisFleetCoordinator(IConnectionMultiplexer connection, bool ownsConnection, CustomRedisOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _options = options;
        _health = new FleetHealth(options, timeProvider, logger);
        _timeProvider = timeProvider;

        // One cache for every embedding service, on the same connection; RedisCache is never disposed here, since
        // that would close the connection it was handed.
        _embeddingCache = new Lazy<IDistributedCache>(() => new FleetEmbeddingCache(
            new RedisCache(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = () => Task.FromResult(connection),
                InstanceName = options.KeyPrefix + ":embedding:",
            }),
            _health,
            options,
            timeProvider));
    }

    /// <inheritdoc />
    public IEndpointLimiter CreateLimiter(FleetEndpoint endpoint, CustomResilienceOptions options, EndpointLimiter? local, TimeProvider timeProvider) =>
        new RedisEndpointLimiter(_connection.GetDatabase(), new FleetKeys(_options.KeyPrefix, endpoint), _health, _options, options, local, timeProvider, endpoint.Address);

    /// <inheritdoc />
    public IBudgetGate CreateBudgetGate(FleetBudget budget, LocalBudgetGate local)
    {
        var gate = new RedisBudgetGate(_connection.GetDatabase(), new BudgetKeys(_options.KeyPrefix, budget), _health, _options, budget, local, _timeProvider)
        {
            ClockOffset = (long)_options.BudgetClockOffset.TotalMilliseconds,
        };
        lock (_budgetGates)
        {
            _budgetGates.RemoveAll(static reference => !reference.TryGetTarget(out _));
            _budgetGates.Add(new WeakReference<RedisBudgetGate>(gate));
        }

        return gate;
    }

    /// <inheritdoc />
    public ILearnedQuirks CreateLearnedQuirks(string address, string modelId, CustomQuirkProfile configured, TimeProvider timeProvider) =>
        new RedisLearnedQuirks(_connection.GetDatabase(), _options.KeyPrefix, address, modelId, configured, _health, _options, timeProvider);

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>> CacheEmbeddings(IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, int? dimensions) =>
        !_options.CacheEmbeddings ? generator : new DistributedCachingEmbeddingGenerator<string, Embedding<float>>(generator, _embeddingCache.Value)
        {
            // With the text and the call's own options, which M.E.AI hashes into every key.
            CacheKeyAdditionalValues = ["connectors.custom", "model=" + modelId, "dimensions=" + (dimensions?.ToString(CultureInfo.InvariantCulture) ?? "native")],
        };

    /// <summary>Reports what every shared budget's calls spent (handing back what is held beyond calls in flight), then
    /// waits until everything sent without waiting (fire and forget) has reached Redis: one connection delivers in
    /// order, so a ping's answer follows it. Tests use it to read Redis once this instance has written everything.</summary>
    internal async Task FlushAsync()
    {
        RedisBudgetGate[] gates;
        lock (_budgetGates)
        {
            gates = [.. _budgetGates.Select(reference => reference.TryGetTarget(out var gate) ? gate : null).OfType<RedisBudgetGate>()];
        }

        foreach (var gate in gates)
        {
            await gate.FlushAsync().ConfigureAwait(false);
        }

        await _connection.GetDatabase().PingAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }
}
