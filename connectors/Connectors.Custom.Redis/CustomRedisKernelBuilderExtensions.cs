using System;
using Connectors.Custom.Redis;
using StackExchange.Redis;

namespace Microsoft.SemanticKernel;

/// <summary>Turns on fleet mode on an <see cref="IKernelBuilder"/>; see <see cref="CustomRedisServiceCollectionExtensions"/>.</summary>
public static class CustomRedisKernelBuilderExtensions
{
    /// <summary>Shares limits through the Redis at <paramref name="configuration"/>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Changes the settings; null keeps the defaults.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">The configuration string or a setting is invalid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">Fleet coordination is already registered.</exception>
    public static IKernelBuilder AddCustomRedisCoordination(this IKernelBuilder builder, string configuration, Action<CustomRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCustomRedisCoordination(configuration, configure);
        return builder;
    }

    /// <summary>Shares limits through an existing Redis connection, which stays the caller's to dispose.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="configure">Changes the settings; null keeps the defaults.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">Fleet coordination is already registered.</exception>
    public static IKernelBuilder AddCustomRedisCoordination(this IKernelBuilder builder, IConnectionMultiplexer connection, Action<CustomRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCustomRedisCoordination(connection, configure);
        return builder;
    }
}
