namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>How long and how often the chat benchmarks measure.</summary>
/// <param name="Repetitions">Measured repetitions per client and concurrency; medians are reported.</param>
/// <param name="Concurrencies">Calls in flight at once, one run per value.</param>
/// <param name="RepetitionTime">About how long one repetition of one client lasts: its calls are sized from the
/// client's own warm-up rate.</param>
/// <param name="WarmUp">The least warm-up per client and concurrency.</param>
/// <param name="Scenarios">The scenarios to run.</param>
/// <param name="Clients">The clients to run (names from <see cref="ChatCases"/>).</param>
internal sealed record ChatSettings(int Repetitions, IReadOnlyList<int> Concurrencies, TimeSpan RepetitionTime, TimeSpan WarmUp, IReadOnlyList<ChatScenario> Scenarios, IReadOnlySet<string> Clients)
{
    /// <summary>Calls per repetition: the warm-up rate times <see cref="RepetitionTime"/>, at least two per caller and
    /// at least 16.</summary>
    public int CallsFor(double callsPerSecond, int concurrency) =>
        (int)Math.Max(Math.Max(16, 2 * concurrency), Math.Round(callsPerSecond * RepetitionTime.TotalSeconds));
}
