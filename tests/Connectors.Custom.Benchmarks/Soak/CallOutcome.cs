namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>How one call ended.</summary>
internal enum CallOutcome
{
    /// <summary>The right answer: <c>Echo: </c> and the prompt that was sent.</summary>
    Success,

    /// <summary>A typed exception from the connector.</summary>
    TypedFailure,

    /// <summary>An answer, but not the right one (an invariant failure).</summary>
    WrongAnswer,

    /// <summary>Any other exception (an invariant failure).</summary>
    UntypedFailure,

    /// <summary>Still running after <see cref="SoakSettings.HangLimit"/> (an invariant failure).</summary>
    Hung,
}
