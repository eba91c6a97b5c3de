using System;

namespace Connectors.Custom;

/// <summary>The per-endpoint circuit breaker: after too many failures the endpoint is left alone for a while, then
/// probed with one call.</summary>
public sealed class CustomCircuitBreakerOptions
{
    /// <summary>Gets or sets whether the breaker is on.</summary>
    /// <value>Default: true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    /// <value>Default: 0.5.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest attempts within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    /// <value>Default: 10.</value>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window the failure ratio is measured over.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit stays open before a probe call is let through.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal CustomCircuitBreakerOptions Clone() => (CustomCircuitBreakerOptions)MemberwiseClone();
}
