namespace Connectors.Custom;

/// <summary>Which of the connector's timeouts expired.</summary>
public enum CustomTimeoutKind
{
    /// <summary>One attempt did not produce its response headers (non-streaming: the whole answer; streaming: the
    /// first update) in time: <see cref="CustomTimeoutOptions.AttemptTimeout"/>.</summary>
    Attempt = 0,

    /// <summary>A stream went silent between two updates for too long: <see cref="CustomTimeoutOptions.StreamIdleTimeout"/>.</summary>
    StreamIdle = 1,

    /// <summary>The whole call, retries and failover included, took too long: <see cref="CustomTimeoutOptions.TotalTimeout"/>.</summary>
    Total = 2,
}
