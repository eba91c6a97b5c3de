namespace Connectors.Custom.Testing;

/// <summary>How an answer is delivered: whole, or broken in one of the ways a fault asks for.</summary>
internal enum ResponseMode
{
    /// <summary>The whole answer.</summary>
    Normal = 0,

    /// <summary>The first part, then the connection is aborted (<see cref="FaultKind.DropMidStream"/>).</summary>
    DropMidway = 1,

    /// <summary>The first part, then nothing for <see cref="FaultOptions.StallDuration"/>, then the connection is aborted
    /// (<see cref="FaultKind.StallMidStream"/>).</summary>
    StallMidway = 2,

    /// <summary>A 200 whose JSON is cut in half (<see cref="FaultKind.MalformedJson"/>).</summary>
    Truncated = 3,
}
