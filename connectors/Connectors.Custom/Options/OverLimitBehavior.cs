namespace Connectors.Custom;

/// <summary>What a call does when a client-side limit is reached.</summary>
public enum OverLimitBehavior
{
    /// <summary>Wait in line, in arrival order, up to <see cref="CustomRateLimitOptions.MaxQueueTime"/>.</summary>
    Wait = 0,

    /// <summary>Fail at once with <see cref="CustomRateLimitException"/> (or move to a backup endpoint).</summary>
    Reject = 1,
}
