using System;

namespace Connectors.Custom;

/// <summary>The connector's own timeouts, sized for LLMs. <c>HttpClient.Timeout</c> is never relied on.</summary>
public sealed class CustomTimeoutOptions
{
    /// <summary>Gets or sets how long one attempt may take to produce its answer (non-streaming) or its first
    /// streamed update. Null means no limit.</summary>
    /// <value>Default: 5 minutes (slow local models answering long prompts need minutes).</value>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a stream may stay silent between two updates. Null means no limit.</summary>
    /// <value>Default: 2 minutes.</value>
    public TimeSpan? StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long a whole call may take, retries, waits and failover included (for streaming: until
    /// the first update). Null means no limit.</summary>
    /// <value>Default: 10 minutes.</value>
    public TimeSpan? TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    internal CustomTimeoutOptions Clone() => (CustomTimeoutOptions)MemberwiseClone();
}
