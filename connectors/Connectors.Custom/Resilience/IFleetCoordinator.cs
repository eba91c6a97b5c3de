using System;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The seam through which the instances of one application share the protection each endpoint gets: registered in
/// the container by a companion package (Connectors.Custom.Redis), resolved by the registration methods, and absent
/// otherwise, in which case every limit stays in this process as before.
/// </summary>
internal interface IFleetCoordinator
{
    /// <summary>Creates the limiter of one endpoint, shared with the fleet.</summary>
    /// <param name="endpoint">Who the limits belong to.</param>
    /// <param name="options">The endpoint's resilience settings: its limits, now fleet-wide, and its circuit breaker's
    /// break duration, for the shared circuit.</param>
    /// <param name="local">This process's own limiter for the same options (null when none is set), for when the
    /// fleet cannot be reached and the failure policy falls back to it.</param>
    /// <param name="timeProvider">The clock the limiter waits on.</param>
    IEndpointLimiter CreateLimiter(FleetEndpoint endpoint, CustomResilienceOptions options, EndpointLimiter? local, TimeProvider timeProvider);

    /// <summary>Creates the budget gate of one service, shared with the fleet: each call reserves its estimated cost
    /// before it is sent and settles the actual cost when it ends.</summary>
    /// <param name="budget">Whose budgets, their settings, and the rate that prices a call's token estimate.</param>
    /// <param name="local">This process's own gate, for when the fleet cannot be reached and the failure policy falls
    /// back to it; it also decides between refusing and warning.</param>
    IBudgetGate CreateBudgetGate(FleetBudget budget, LocalBudgetGate local);

    /// <summary>Creates the store of an endpoint's learned adaptations, shared with the fleet: what one instance
    /// learns, the others use. Named by the endpoint's address and model, never by its key.</summary>
    /// <param name="address">The endpoint's address without query or user info.</param>
    /// <param name="modelId">The endpoint's configured model, whose shared adaptations are loaded at once.</param>
    /// <param name="configured">The endpoint's configured profile, which adaptations apply to.</param>
    /// <param name="timeProvider">The clock refreshes are timed with.</param>
    ILearnedQuirks CreateLearnedQuirks(string address, string modelId, CustomQuirkProfile configured, TimeProvider timeProvider);

    /// <summary>Puts the fleet's embeddings cache in front of a generator, when it is turned on; otherwise returns it.</summary>
    /// <param name="generator">The generator whose embeddings are cached.</param>
    /// <param name="modelId">The configured model, part of every cache key.</param>
    /// <param name="dimensions">The configured dimensions (null: the model's own), part of every cache key.</param>
    IEmbeddingGenerator<string, Embedding<float>> CacheEmbeddings(IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, int? dimensions);
}
