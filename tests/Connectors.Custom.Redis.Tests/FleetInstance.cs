using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Connectors.Custom.Redis.Tests;

/// <summary>One instance of an application in fleet mode: its own Redis connection and coordinator, as a separate
/// process would have.</summary>
internal sealed class FleetInstance : IDisposable
{
    public static readonly FleetEndpoint Endpoint = new("http://127.0.0.1:1/v1", "model-a", "0123456789ABCDEF");

    private FleetInstance(ConnectionMultiplexer connection, CustomRedisOptions options, ILogger? logger, TimeProvider timeProvider)
    {
        Connection = connection;
        Options = options;
        Coordinator = new RedisFleetCoordinator(connection, ownsConnection: true, options, timeProvider, logger ?? NullLogger.Instance);
    }

    public ConnectionMultiplexer Connection { get; }

    public CustomRedisOptions Options { get; }

    public RedisFleetCoordinator Coordinator { get; }

    public static FleetInstance Connect(RedisServer server, Action<CustomRedisOptions>? configure = null, ILogger? logger = null) =>
        Connect(server.Configuration, configure, logger);

    /// <summary>Connects through <paramref name="configuration"/> (a proxy in front of the test's Redis, perhaps), with
    /// <paramref name="timeProvider"/> as the instance's clock (Redis keeps its own).</summary>
    public static FleetInstance Connect(string configuration, Action<CustomRedisOptions>? configure = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        // A generous operation timeout: the machines tests run on can be loaded, and a killed Redis fails fast anyway
        // (no connection, BacklogPolicy.FailFast), so the timeout only bounds a hang.
        var options = new CustomRedisOptions { KeyPrefix = "test", RetryInterval = TimeSpan.Zero, OperationTimeout = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var parsed = ConfigurationOptions.Parse(configuration);
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        parsed.ConnectRetry = 1;
        parsed.ReconnectRetryPolicy = new LinearRetry(50);
        return new FleetInstance(ConnectionMultiplexer.Connect(parsed), options, logger, timeProvider ?? TimeProvider.System);
    }

    public IEndpointLimiter Limiter(CustomRateLimitOptions limits, CustomCircuitBreakerOptions? circuit = null, FleetEndpoint? endpoint = null) =>
        Coordinator.CreateLimiter(
            endpoint ?? Endpoint,
            new CustomResilienceOptions { RateLimits = limits, CircuitBreaker = circuit ?? new CustomCircuitBreakerOptions { Enabled = false } },
            limits.IsEnabled ? new EndpointLimiter(limits, TimeProvider.System, "local") : null,
            TimeProvider.System);

    /// <summary>A budget gate of the service <c>shared</c> (ten cents a token), with its local fallback.</summary>
    public IBudgetGate BudgetGate(CustomBudgetOptions options, ILogger? logger = null, string serviceId = "shared")
    {
        var endpoint = new CustomChatCompletionOptions { Endpoint = new Uri("http://127.0.0.1:1/v1"), ModelId = "model-a" };
        var diagnostics = new ConnectorDiagnostics(endpoint, new SingleLoggerFactory(logger ?? NullLogger.Instance), new CustomUsageTracker(), serviceId);
        return Coordinator.CreateBudgetGate(new FleetBudget(serviceId, Endpoint, options, RatePerToken: 0.1m), new LocalBudgetGate(options, diagnostics, TimeProvider.System));
    }

    /// <summary>Waits until everything this instance sent without waiting (fire and forget) has reached Redis: one
    /// connection delivers in order, so a ping's answer follows them.</summary>
    public Task FlushAsync() => Coordinator.FlushAsync();

    public void Dispose() => Coordinator.Dispose();

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
