using System.Diagnostics.Metrics;

namespace Connectors.Custom;

/// <summary>The connector's own meter: only what M.E.AI's OpenTelemetry layer does not cover. Spans come from that
/// layer; the connector adds events to the current one (<see cref="System.Diagnostics.Activity.Current"/>) rather than
/// spans of its own.</summary>
internal static class ConnectorInstruments
{
    public static readonly Meter Meter = new(CustomTelemetry.SourceName);

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(CustomTelemetry.RetriesMetric, "{attempt}", "Attempts retried after a transient failure.");

    public static readonly Counter<long> Failovers = Meter.CreateCounter<long>(CustomTelemetry.FailoversMetric, "{call}", "Calls moved to another endpoint.");

    public static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(CustomTelemetry.CircuitTransitionsMetric, "{transition}", "Circuit-breaker state changes.");

    public static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram<double>(CustomTelemetry.RateLimitWaitMetric, "s", "Time spent waiting for client-side rate limits.");

    public static readonly Counter<double> Cost = Meter.CreateCounter<double>(CustomTelemetry.CostMetric, "USD", "Money spent, from the pricing catalogue.");
}
