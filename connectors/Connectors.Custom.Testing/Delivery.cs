using System;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>How one answer is delivered: the <see cref="ResponseMode"/>, how long a stall lasts, and the token that
/// ends waits early when the server stops.</summary>
/// <param name="Mode">Whole, or broken as a fault asks.</param>
/// <param name="StallDuration">How long <see cref="ResponseMode.StallMidway"/> sends nothing before aborting.</param>
/// <param name="Stopping">Cancelled when the server stops.</param>
internal readonly record struct Delivery(ResponseMode Mode, TimeSpan StallDuration, CancellationToken Stopping)
{
    /// <summary>The whole answer, at once (errors, the model list).</summary>
    public static Delivery Whole(CancellationToken stopping) => new(ResponseMode.Normal, TimeSpan.Zero, stopping);
}
