namespace Connectors.Custom;

/// <summary>The states of a <see cref="CircuitBreaker"/>.</summary>
internal enum CircuitState
{
    /// <summary>Attempts go through and are counted.</summary>
    Closed,

    /// <summary>Attempts are refused until the break is over.</summary>
    Open,

    /// <summary>One probe is let through; its outcome decides.</summary>
    HalfOpen,
}
