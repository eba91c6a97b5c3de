using Connectors.Custom.Redis.Fleet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
    private protected FleetInstance Instance(Action<CustomRedisOptions>? configure = null, string? configuration = null, TimeProvider? timeProvider = null)
    {
        var instance = FleetInstance.Connect(configuration ?? Redis.Configuration, configure, timeProvider: timeProvider);
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
                await coordinator.FlushAsync();
            }
        }
    }

    /// <summary>Nano-dollars, the unit shared budgets are counted in on Redis.</summary>
    private protected static long Nano(decimal dollars) => (long)(dollars * 1_000_000_000m);

    /// <summary>A budget gate of the service <c>shared</c> on <paramref name="instance"/>.</summary>
    private protected static IBudgetGate Gate(FleetInstance instance, decimal limit, BudgetPeriod period = BudgetPeriod.None, BudgetAction onExceeded = BudgetAction.Refuse, decimal? global = null, ILogger? logger = null) =>
        instance.BudgetGate(new CustomBudgetOptions { ServiceLimit = limit, GlobalLimit = global, Period = period, OnExceeded = onExceeded }, logger);

    /// <summary>Reads one field of the service's budget hash, in nano-dollars.</summary>
    private protected async Task<long> FieldAsync(string field, FleetInstance? instance = null, string period = "none")
    {
        var connection = (instance ?? Instances.FirstOrDefault() ?? Instance()).Connection;
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var key = server.Keys(pattern: $"*:{{budget}}:service:*:{period}").Single();
        return (long)await connection.GetDatabase().HashGetAsync(key, field);
    }
}
