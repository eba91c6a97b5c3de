namespace Connectors.Custom.Fuzz;

/// <summary>An input broke an invariant other than "no exception" (too slow, too much allocated, invented output).</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
