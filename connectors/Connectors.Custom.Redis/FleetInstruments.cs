using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Connectors.Custom.Redis;

/// <summary>Fleet mode's metrics, on the connector's meter (<see cref="CustomTelemetry.SourceName"/>), and its span
/// events on the current activity. Time spent waiting is already the core's
/// <see cref="CustomTelemetry.RateLimitWaitMetric"/>.</summary>
internal static class FleetInstruments
{
    /// <summary>Counter of fleet admissions (tags: <c>server.address</c>, <c>connectors.custom.fleet.result</c>:
    /// admitted, rejected or waited; <c>connectors.custom.fleet.reason</c> for the last two).</summary>
    public const string AdmissionsMetric = "connectors.custom.fleet.admissions";

    /// <summary>Counter of calls decided without Redis because it could not be reached (tag:
    /// <c>connectors.custom.fleet.policy</c>).</summary>
    public const string DegradedMetric = "connectors.custom.fleet.degraded";

    /// <summary>Counter of cooldowns shared with the fleet (tag: <c>server.address</c>).</summary>
    public const string CooldownsMetric = "connectors.custom.fleet.cooldowns";

    /// <summary>Counter of circuit openings shared with the fleet (tag: <c>server.address</c>).</summary>
    public const string CircuitsMetric = "connectors.custom.fleet.circuit_openings";

    /// <summary>Counter of shared budget decisions (tags: <c>connectors.custom.fleet.result</c>: reserved, refused or
    /// warned; <c>connectors.custom.fleet.budget</c>: which budget was exceeded, a service id or <c>global</c>).</summary>
    public const string BudgetMetric = "connectors.custom.fleet.budget";

    /// <summary>Counter of embeddings cache reads (tag <c>connectors.custom.fleet.result</c>: hit, miss, or
    /// unavailable while Redis cannot be reached).</summary>
    public const string EmbeddingCacheMetric = "connectors.custom.fleet.embedding_cache";

    private static readonly Meter Meter = new(CustomTelemetry.SourceName);

    private static readonly Counter<long> Admissions = Meter.CreateCounter<long>(AdmissionsMetric, "{decision}", "Fleet-wide admission decisions.");

    private static readonly Counter<long> Degraded = Meter.CreateCounter<long>(DegradedMetric, "{call}", "Calls decided without Redis, by the failure policy.");

    private static readonly Counter<long> Circuits = Meter.CreateCounter<long>(CircuitsMetric, "{opening}", "Circuit openings shared with every instance.");

    private static readonly Counter<long> Cooldowns = Meter.CreateCounter<long>(CooldownsMetric, "{cooldown}", "Server-requested waits shared with every instance.");

    private static readonly Counter<long> Budgets = Meter.CreateCounter<long>(BudgetMetric, "{decision}", "Shared budget reservations and refusals.");

    private static readonly Counter<long> EmbeddingCacheReads = Meter.CreateCounter<long>(EmbeddingCacheMetric, "{read}", "Embeddings cache reads by result.");

    public static void EmbeddingCache(string result) =>
        EmbeddingCacheReads.Add(1, new KeyValuePair<string, object?>("connectors.custom.fleet.result", result));

    public static void Budget(string? scope, string result)
    {
        Budgets.Add(1, new KeyValuePair<string, object?>("connectors.custom.fleet.result", result), new KeyValuePair<string, object?>("connectors.custom.fleet.budget", scope));
        if (scope is not null)
        {
            Activity.Current?.AddEvent(new ActivityEvent("connectors.custom.fleet.budget_" + result, tags: new ActivityTagsCollection { ["connectors.custom.fleet.budget"] = scope }));
        }
    }

    public static void Admission(string endpoint, string result, string? reason)
    {
        Admissions.Add(1, new KeyValuePair<string, object?>("server.address", endpoint), new KeyValuePair<string, object?>("connectors.custom.fleet.result", result), new KeyValuePair<string, object?>("connectors.custom.fleet.reason", reason));
        if (result != "admitted")
        {
            Event("connectors.custom.fleet." + result, endpoint, reason);
        }
    }

    public static void DegradedCall(string endpoint, CustomRedisFailurePolicy policy)
    {
        Degraded.Add(1, new KeyValuePair<string, object?>("connectors.custom.fleet.policy", policy.ToString()));
        Event("connectors.custom.fleet.degraded", endpoint, policy.ToString());
    }

    public static void CooldownShared(string endpoint)
    {
        Cooldowns.Add(1, new KeyValuePair<string, object?>("server.address", endpoint));
        Event("connectors.custom.fleet.cooldown", endpoint, null);
    }

    public static void CircuitShared(string endpoint)
    {
        Circuits.Add(1, new KeyValuePair<string, object?>("server.address", endpoint));
        Event("connectors.custom.fleet.circuit_open", endpoint, null);
    }

    private static void Event(string name, string endpoint, string? detail) =>
        Activity.Current?.AddEvent(new ActivityEvent(name, tags: new ActivityTagsCollection { ["server.address"] = endpoint, ["connectors.custom.fleet.detail"] = detail }));
}
