using System.Collections.Concurrent;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

/// <summary>What a call meters besides tokens (here rerank search units) reaches the call's budget hold, which is what
/// a shared (fleet) budget settles from; a local budget reads the usage tracker instead, which already had it.</summary>
public sealed class MeteredBudgetChargeTests : LoopbackTest
{
    [Fact]
    public async Task SearchUnits_AreChargedToTheHold_OncePerCall_BesideTheTrackedCost()
    {
        Server.EnqueueBody("""{"results":[{"index":0,"relevance_score":0.5}]}""");
        Server.EnqueueBody("""{"results":[{"index":0,"relevance_score":0.5}],"meta":{"billed_units":{"search_units":3}}}""");
        var fleet = new ChargeRecordingFleet();
        var tracker = new CustomUsageTracker();
        var options = new CustomRerankerOptions { Endpoint = Server.BaseAddress, ModelId = "rerank-model", Price = new ModelPrice { PerSearchUnit = 0.25m } };
        options.Budget.ServiceLimit = 10m;
        options.Resilience.Enabled = false; // no limiter: the fleet here coordinates budgets only
        using var reranker = new CustomReranker(options, httpClient: null, timeProvider: null, loggerFactory: null, tracker, serviceId: null, fleet);

        var first = await reranker.RerankAsync("q", ["a", "b"]);
        var second = await reranker.RerankAsync("q", ["a"]);

        // Two documents are one search unit; the second server billed three.
        Assert.Equal([0.25m, 0.75m], fleet.Charges);
        Assert.Equal(0.25m, first.Cost);
        Assert.Equal(0.75m, second.Cost);
        Assert.Equal(1m, tracker.GetSpent());
        Assert.Equal(2, fleet.Disposed);
    }

    private sealed class ChargeRecordingFleet : IFleetCoordinator, IBudgetGate
    {
        public ConcurrentQueue<decimal> Charges { get; } = new();

        public int Disposed;

        public IEndpointLimiter CreateLimiter(FleetEndpoint endpoint, CustomResilienceOptions options, EndpointLimiter? local, TimeProvider timeProvider) =>
            throw new InvalidOperationException("This test coordinates budgets only.");

        public IBudgetGate CreateBudgetGate(FleetBudget budget, LocalBudgetGate local) => this;

        public ILearnedQuirks CreateLearnedQuirks(string address, string modelId, CustomQuirkProfile configured, TimeProvider timeProvider) => new LocalLearnedQuirks(configured);

        public IEmbeddingGenerator<string, Embedding<float>> CacheEmbeddings(IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, int? dimensions) => generator;

        public ValueTask<IBudgetHold> HoldAsync(int estimatedTokens, CancellationToken cancellationToken) => new(new Hold(this));

        void IDisposable.Dispose()
        {
        }

        private sealed class Hold(ChargeRecordingFleet owner) : IBudgetHold
        {
            public void Charge(decimal cost) => owner.Charges.Enqueue(cost);

            public void Dispose() => Interlocked.Increment(ref owner.Disposed);
        }
    }
}
