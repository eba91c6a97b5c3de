namespace Connectors.Custom;

/// <summary>
/// The names under which the connector publishes telemetry. Subscribe with
/// <c>.AddSource(CustomTelemetry.SourceName)</c> and <c>.AddMeter(CustomTelemetry.SourceName)</c>.
/// </summary>
/// <remarks>
/// GenAI spans (<c>chat {model}</c>, <c>embeddings {model}</c>) and the <c>gen_ai.client.*</c> histograms come from
/// Microsoft.Extensions.AI's OpenTelemetry layer under the same source name; the connector adds only what that layer
/// lacks: retries, failovers, circuit state, client-side rate-limit waits and cost.
/// </remarks>
public static class CustomTelemetry
{
    /// <summary>The <c>ActivitySource</c> and <c>Meter</c> name.</summary>
    public const string SourceName = "Connectors.Custom";

    /// <summary>Counter of retried attempts (tags: <c>server.address</c>, <c>gen_ai.request.model</c>, <c>error.type</c>).</summary>
    public const string RetriesMetric = "connectors.custom.retries";

    /// <summary>Counter of calls that moved to another endpoint (tags: <c>server.address</c> of the one that failed, <c>error.type</c>).</summary>
    public const string FailoversMetric = "connectors.custom.failovers";

    /// <summary>Counter of circuit-breaker transitions (tags: <c>server.address</c>, <c>connectors.custom.circuit.state</c>).</summary>
    public const string CircuitTransitionsMetric = "connectors.custom.circuit.transitions";

    /// <summary>Histogram of time spent waiting for client-side rate limits, in seconds (tag: <c>server.address</c>).</summary>
    public const string RateLimitWaitMetric = "connectors.custom.rate_limit.wait";

    /// <summary>Counter of money spent, in US dollars, from the pricing catalogue (tags: <c>gen_ai.provider.name</c>,
    /// <c>gen_ai.request.model</c>, <c>gen_ai.operation.name</c>). Named in the connector's namespace because the
    /// <c>gen_ai.*</c> names belong to the OpenTelemetry GenAI conventions, which define no cost metric.</summary>
    public const string CostMetric = "connectors.custom.cost";
}
