using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Connectors.Custom.Redis.Tests;

/// <summary>Admissions, rejections, cooldowns shared, degraded calls and budget decisions are counted on the connector's meter.</summary>
public sealed class TelemetryTests : IDisposable
{
    private static readonly FleetEndpoint Endpoint = new("http://telemetry.test/v1", "model-t", "none");

    private readonly RedisServer _server = RedisServer.Start();
    private readonly ConcurrentQueue<(string Instrument, string? Result, string? Reason)> _measurements = new();
    private readonly MeterListener _listener = new();

    public TelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CustomTelemetry.SourceName && instrument.Name.StartsWith("connectors.custom.fleet.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? address = null, result = null, reason = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "server.address": address = tag.Value as string; break;
                    case "connectors.custom.fleet.result": result = tag.Value as string; break;
                    case "connectors.custom.fleet.reason": reason = tag.Value as string; break;
                    case "connectors.custom.fleet.policy": reason = tag.Value as string; break;
                    case "connectors.custom.fleet.budget": reason = tag.Value as string; break;
                }
            }

            if (address is null || address == Endpoint.Address)
            {
                _measurements.Enqueue((instrument.Name, result, reason));
            }
        });
        _listener.Start();
    }

    [RedisFact]
    public async Task Budget_reservations_and_refusals_are_counted()
    {
        using var instance = FleetInstance.Connect(_server);
        var gate = instance.BudgetGate(new CustomBudgetOptions { ServiceLimit = 1m }, serviceId: "telemetry-budget");

        (await gate.HoldAsync(5, CancellationToken.None)).Dispose();
        await Assert.ThrowsAsync<CustomBudgetExceededException>(() => gate.HoldAsync(50, CancellationToken.None).AsTask());

        Assert.Contains((FleetInstruments.BudgetMetric, "reserved", null), _measurements);
        Assert.Contains((FleetInstruments.BudgetMetric, "refused", "telemetry-budget"), _measurements);
    }

    [RedisFact]
    public async Task Admissions_rejections_cooldowns_and_degraded_calls_are_counted()
    {
        using var instance = FleetInstance.Connect(_server);
        using var limiter = instance.Limiter(new CustomRateLimitOptions { RequestsPerMinute = 1, OverLimit = OverLimitBehavior.Reject }, endpoint: Endpoint);

        (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();
        await Assert.ThrowsAsync<CustomRateLimitException>(() => limiter.AcquireAsync(1, CancellationToken.None));
        limiter.ShareCooldown(TimeSpan.FromSeconds(1));
        _server.Kill();
        (await limiter.AcquireAsync(1, CancellationToken.None)).Dispose();

        Assert.Contains((FleetInstruments.AdmissionsMetric, "admitted", null), _measurements);
        Assert.Contains((FleetInstruments.AdmissionsMetric, "rejected", "requests"), _measurements);
        Assert.Contains((FleetInstruments.CooldownsMetric, null, null), _measurements);
        Assert.Contains((FleetInstruments.DegradedMetric, null, "FailOpen"), _measurements);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _server.Dispose();
    }
}
