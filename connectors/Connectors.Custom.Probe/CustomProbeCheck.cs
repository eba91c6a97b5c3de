using System;

namespace Connectors.Custom;

/// <summary>The result of one check of a <see cref="CustomEndpointProbe"/>.</summary>
public sealed class CustomProbeCheck
{
    /// <summary>Initializes a new instance of the <see cref="CustomProbeCheck"/> class.</summary>
    /// <param name="name">The check's name (see <see cref="CustomProbeCheckNames"/>).</param>
    /// <param name="outcome">What it found.</param>
    /// <param name="detail">What happened, in a sentence or two.</param>
    /// <param name="duration">How long it took.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    public CustomProbeCheck(string name, CustomProbeOutcome outcome, string detail, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Outcome = outcome;
        Detail = detail ?? string.Empty;
        Duration = duration;
    }

    /// <summary>Gets the check's name (see <see cref="CustomProbeCheckNames"/>).</summary>
    public string Name { get; }

    /// <summary>Gets what the check found.</summary>
    public CustomProbeOutcome Outcome { get; }

    /// <summary>Gets what happened: counts, the provider's error text, what was proposed because of it.</summary>
    public string Detail { get; }

    /// <summary>Gets how long the check took.</summary>
    public TimeSpan Duration { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Outcome} ({Detail})";
}
