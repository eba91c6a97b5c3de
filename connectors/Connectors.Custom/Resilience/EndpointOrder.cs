using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Connectors.Custom;

/// <summary>Orders a service's endpoints for one call according to the load-balancing strategy; endpoints whose
/// circuit is open go last, so they are tried only when nothing else is left.</summary>
internal sealed class EndpointOrder<TClient>(IReadOnlyList<EndpointRuntime<TClient>> endpoints, LoadBalancingStrategy strategy)
{
    private int _turn = -1;

    public List<EndpointRuntime<TClient>> Next()
    {
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

    private IEnumerable<EndpointRuntime<TClient>> Rotate(int turn)
    {
        var start = (int)((uint)turn % (uint)endpoints.Count);
        for (var i = 0; i < endpoints.Count; i++)
        {
            yield return endpoints[(start + i) % endpoints.Count];
        }
    }
}
