namespace Connectors.Custom;

/// <summary>What one check of a <see cref="CustomEndpointProbe"/> found.</summary>
public enum CustomProbeOutcome
{
    /// <summary>The endpoint did what was asked.</summary>
    Supported = 0,

    /// <summary>The endpoint answered, but rejected or ignored the feature (for example a 400/422, or an answer that
    /// did not use it).</summary>
    NotSupported = 1,

    /// <summary>The check could not tell: the endpoint failed, timed out, or answered something unreadable.</summary>
    Failed = 2,

    /// <summary>The check was not run (no embedding model was given, or the endpoint could not be reached).</summary>
    Skipped = 3,
}
