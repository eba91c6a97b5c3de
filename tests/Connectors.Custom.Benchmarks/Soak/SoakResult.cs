using Connectors.Custom.Testing;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>Everything a soak run observed.</summary>
internal sealed record SoakResult
{
    public required SoakSettings Settings { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required TimeSpan Duration { get; init; }

    public required int StreamingCalls { get; init; }

    public required int Successes { get; init; }

    /// <summary>Typed failures by exception type and detail (kind or status), with counts.</summary>
    public required IReadOnlyDictionary<string, int> TypedFailures { get; init; }

    /// <summary>Invariant failures (wrong answers, untyped exceptions, hung calls) by description, with counts.</summary>
    public required IReadOnlyDictionary<string, int> InvariantFailures { get; init; }

    public required int WrongAnswers { get; init; }

    public required int UntypedFailures { get; init; }

    public required int HungCalls { get; init; }

    public required double P50Milliseconds { get; init; }

    public required double P99Milliseconds { get; init; }

    public required double MaxMilliseconds { get; init; }

    public required IReadOnlyList<EndpointFigures> Endpoints { get; init; }

    /// <summary>Calls that sent at least one request to the backup.</summary>
    public required int CallsReachingBackup { get; init; }

    /// <summary>Calls whose attempt count the client reported (on the response, the first streamed update, or a
    /// <see cref="CustomEndpointException"/>), and how many of those differ from the requests the servers received.</summary>
    public required (int Checked, int Mismatches, string? First) Attempts { get; init; }

    /// <summary>Answers whose <c>Endpoint</c> was checked, and how many named a server that received no request for the call.</summary>
    public required (int Checked, int Mismatches) AnsweringEndpoints { get; init; }

    /// <summary>Retries that followed a rate limit naming a wait (<c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-ratelimit-reset-requests</c>).</summary>
    public required int RetriesAfterWait { get; init; }

    /// <summary>How many of those arrived before the requested wait was over.</summary>
    public required int WaitViolations { get; init; }

    public string? FirstWaitViolation { get; init; }

    public TimeSpan? ShortestWaitSlack { get; init; }

    public required IReadOnlyList<MemorySample> Memory { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    public required int UnobservedTaskExceptions { get; init; }

    public string? FirstUnobservedTaskException { get; init; }

    public int TypedFailureCount => TypedFailures.Values.Sum();

    public IReadOnlyList<Invariant> Invariants => SoakInvariants.Evaluate(this);

    public bool AllInvariantsHeld => Invariants.All(i => i.Held);
}

/// <summary>What one server saw: requests, the most attempts one call made at it, faults by kind.</summary>
internal sealed record EndpointFigures(string Name, double FaultRate, long ChatRequests, long AttributedRequests, int MaxAttemptsPerCall, IReadOnlyDictionary<FaultKind, long> Faults)
{
    public long FaultsInjected => Faults.Values.Sum();
}

/// <summary>One checked property of the run.</summary>
internal sealed record Invariant(string Name, string Observed, bool Held);
