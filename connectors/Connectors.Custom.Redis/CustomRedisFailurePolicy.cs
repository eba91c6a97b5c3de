namespace Connectors.Custom.Redis;

/// <summary>What a call does while Redis cannot be reached.</summary>
public enum CustomRedisFailurePolicy
{
    /// <summary>Goes on under this instance's own limits (the configured ones, enforced locally); a Warning is logged
    /// once per outage and the degraded mode is counted in a metric.</summary>
    FailOpen,

    /// <summary>Refuses with <see cref="CustomCoordinationUnavailableException"/>; nothing is sent.</summary>
    FailClosed,
}
