using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Connectors.Custom;

/// <summary>Orders a service's endpoints for one call according to the load-balancing strategy; endpoints whose
/// circuit is open go last, so they are tried only when nothing else is left.</summary>
internal sealed class EndpointOrder<TClient>(IReadOnlyList<EndpointRuntime<TClient>> endpoints, LoadBalancingStrategy strategy)
{
    private int _turn = -1;

    /// <summary>Gets the endpoints in their configured order, primary first.</summary>
    public IReadOnlyList<EndpointRuntime<TClient>> Configured => endpoints;

    public IReadOnlyList<EndpointRuntime<TClient>> Next()
    {
        if (endpoints.Count == 1 || (strategy == LoadBalancingStrategy.Failover && !AnyCoolingDown()))
        {
            // The common case needs no sorting and no new list: one endpoint, or failover with every circuit closed.
            return endpoints;
        }

        IEnumerable<EndpointRuntime<TClient>> ordered = strategy switch
        {
            LoadBalancingStrategy.RoundRobin => Rotate(Interlocked.Increment(ref _turn)),
            LoadBalancingStrategy.LeastOutstanding => endpoints.OrderBy(e => e.Outstanding),
            LoadBalancingStrategy.LowestLatency => endpoints.OrderBy(e => double.IsNaN(e.LatencyMilliseconds) ? double.MinValue : e.LatencyMilliseconds),
            _ => endpoints,
        };

        // OrderBy is stable: within equal figures the configured order is kept.
        return ordered.OrderBy(e => e.IsCoolingDown).ToList();
    }

    private bool AnyCoolingDown()
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].IsCoolingDown)
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<EndpointRuntime<TClient>> Rotate(int turn)
    {
        var start = (int)((uint)turn % (uint)endpoints.Count);
        for (var i = 0; i < endpoints.Count; i++)
        {
            yield return endpoints[(start + i) % endpoints.Count];
        }
    }
}
