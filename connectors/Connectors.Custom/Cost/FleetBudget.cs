namespace Connectors.Custom;

/// <summary>The budgets of one service as a fleet shares them.</summary>
/// <param name="ServiceId">The service id; the service's budget is shared by every instance that registers the same
/// id. Without one, by every instance whose primary endpoint is the same (<paramref name="Primary"/>).</param>
/// <param name="Primary">The service's primary endpoint, model and key fingerprint.</param>
/// <param name="Options">The limits, period and what happens once one is spent.</param>
/// <param name="RatePerToken">US dollars per token at which a call's token estimate is reserved: the dearest rate of
/// the service's endpoints.</param>
internal sealed record FleetBudget(string? ServiceId, FleetEndpoint Primary, CustomBudgetOptions Options, decimal RatePerToken);
