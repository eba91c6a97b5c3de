using System;
using Connectors.Custom;
using Connectors.Custom.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Microsoft.SemanticKernel;

/// <summary>Turns on fleet mode: every chat and embedding service registered by Connectors.Custom in the same
/// container shares its rate limits, concurrency limits, server-requested cooldowns, circuit state, budgets and
/// learned quirks (and, with <see cref="CustomRedisOptions.CacheEmbeddings"/>, its embeddings) with every other
/// instance of the application, through Redis. Register it once per application; without it, nothing changes.</summary>
public static class CustomRedisServiceCollectionExtensions
{
    /// <summary>Shares limits through the Redis at <paramref name="configuration"/>. The connection is opened when the
    /// first service is resolved, in the background: the application starts even while Redis is down.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Changes the settings; null keeps the defaults.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">The configuration string or a setting is invalid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">Fleet coordination is already registered.</exception>
    public static IServiceCollection AddCustomRedisCoordination(this IServiceCollection services, string configuration, Action<CustomRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = Configured(configure);
        var redis = ConfigurationOptions.Parse(configuration);

        // Never fail at startup, never queue commands while disconnected (a call must not hang on Redis), and time out
        // each operation as the options say.
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.AsyncTimeout = redis.SyncTimeout = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds);
        return Register(services, options, () => ConnectionMultiplexer.Connect(redis), ownsConnection: true);
    }

    /// <summary>Shares limits through an existing Redis connection, which stays the caller's to dispose. Configure it
    /// with <c>AbortOnConnectFail = false</c> and <c>BacklogPolicy.FailFast</c> so that a call never waits for Redis
    /// longer than <see cref="CustomRedisOptions.OperationTimeout"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="configure">Changes the settings; null keeps the defaults.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">Fleet coordination is already registered.</exception>
    public static IServiceCollection AddCustomRedisCoordination(this IServiceCollection services, IConnectionMultiplexer connection, Action<CustomRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        return Register(services, Configured(configure), () => connection, ownsConnection: false);
    }

    private static CustomRedisOptions Configured(Action<CustomRedisOptions>? configure)
    {
        var options = new CustomRedisOptions();
        configure?.Invoke(options);
        options.Validate();
        return options.Clone();
    }

    private static IServiceCollection Register(IServiceCollection services, CustomRedisOptions options, Func<IConnectionMultiplexer> connect, bool ownsConnection)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IFleetCoordinator))
            {
                throw new InvalidOperationException("Fleet coordination (AddCustomRedisCoordination) is already registered; register it once per application.");
            }
        }

        services.AddSingleton<IFleetCoordinator>(provider => new RedisFleetCoordinator(
            connect(),
            ownsConnection,
            options,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Connectors.Custom.Redis")));
        return services;
    }
}
