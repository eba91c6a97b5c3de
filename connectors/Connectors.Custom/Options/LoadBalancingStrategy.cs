namespace Connectors.Custom;

/// <summary>How a call picks among the primary endpoint and its backups.</summary>
public enum LoadBalancingStrategy
{
    /// <summary>Always the primary first, then the backups in order (failover only).</summary>
    Failover = 0,

    /// <summary>Each call starts at the next endpoint in turn.</summary>
    RoundRobin = 1,

    /// <summary>The endpoint with the fewest calls in flight first.</summary>
    LeastOutstanding = 2,

    /// <summary>The endpoint with the lowest recent latency (moving average) first; untried endpoints count as fastest.</summary>
    LowestLatency = 3,
}
