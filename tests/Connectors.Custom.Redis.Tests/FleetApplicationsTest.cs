using Connectors.Custom.Redis.Fleet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Tests;

/// <summary>Base for tests of whole applications in fleet mode: a real Redis, a quota-enforcing provider, the
/// application containers and bare fleet instances each test starts, all disposed after the test.</summary>
public abstract class FleetApplicationsTest : IAsyncLifetime
{
    private readonly List<ServiceProvider> _applications = [];
    private readonly List<FleetInstance> _instances = [];

    private protected RedisServer Redis { get; } = RedisServer.Start();

    private protected QuotaServer Provider { get; private set; } = null!;

    /// <summary>Gets the bare instances started so far, in order.</summary>
    private protected IReadOnlyList<FleetInstance> Instances => _instances;

    public async Task InitializeAsync() => Provider = await QuotaServer.StartAsync(quota: 10_000, TimeSpan.FromMinutes(1));

    public async Task DisposeAsync()
    {
        foreach (var application in _applications)
        {
            await application.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        await Provider.DisposeAsync();
        Redis.Dispose();
    }

    /// <summary>Connects one more bare instance (its own connection, as another process would have).</summary>
    private protected FleetInstance Instance(Action<CustomRedisOptions>? configure = null)
    {
        var instance = FleetInstance.Connect(Redis, configure);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Turns on fleet coordination through the test's Redis (or <paramref name="configuration"/>, a proxy in
    /// front of it), with short timeouts and no reconnect delay, then whatever <paramref name="configure"/> changes.</summary>
    private protected void AddCoordination(IServiceCollection services, string keyPrefix, string? configuration = null, Action<CustomRedisOptions>? configure = null) =>
        services.AddCustomRedisCoordination(configuration ?? Redis.Configuration, o =>
        {
            o.KeyPrefix = keyPrefix;
            o.OperationTimeout = TimeSpan.FromSeconds(2);
            o.RetryInterval = TimeSpan.Zero;
            configure?.Invoke(o);
        });

    /// <summary>Builds an application's container, disposed with the test.</summary>
    private protected ServiceProvider Build(IServiceCollection services)
    {
        var application = services.BuildServiceProvider();
        _applications.Add(application);
        return application;
    }

    /// <summary>Waits until every coordinated application has written what it buffered to Redis.</summary>
    private protected async Task FlushAsync()
    {
        foreach (var application in _applications)
        {
            if (application.GetService<IFleetCoordinator>() is RedisFleetCoordinator coordinator)
            {
                await coordinator.PingAsync();
            }
        }
    }
}
