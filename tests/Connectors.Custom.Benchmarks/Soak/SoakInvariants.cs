using System.Globalization;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>The properties a soak run must have; any that does not hold fails the run.</summary>
internal static class SoakInvariants
{
    public static IReadOnlyList<Invariant> Evaluate(SoakResult result)
    {
        var calls = result.Settings.Calls;
        var accounted = result.Successes + result.TypedFailureCount;
        var list = new List<Invariant>
        {
            new(
                "Every call ends in the right answer or a typed exception",
                $"{accounted:N0} of {calls:N0} ({result.Successes:N0} right answers, {result.TypedFailureCount:N0} typed); wrong answers {result.WrongAnswers}, untyped exceptions {result.UntypedFailures}, hung calls {result.HungCalls}",
                accounted == calls && result.WrongAnswers == 0 && result.UntypedFailures == 0 && result.HungCalls == 0),
            new(
                "No unobserved task exceptions (after GC.Collect + WaitForPendingFinalizers)",
                result.UnobservedTaskExceptions.ToString(CultureInfo.InvariantCulture),
                result.UnobservedTaskExceptions == 0),
        };

        foreach (var endpoint in result.Endpoints)
        {
            list.Add(new(
                $"No call made more than 1 + MaxRetries = {1 + SoakSettings.MaxRetries} attempts at the {endpoint.Name}",
                $"at most {endpoint.MaxAttemptsPerCall}",
                endpoint.MaxAttemptsPerCall <= 1 + SoakSettings.MaxRetries));
            list.Add(new(
                $"Every request the {endpoint.Name} received belongs to a call of this run",
                $"{endpoint.AttributedRequests:N0} of {endpoint.ChatRequests:N0}",
                endpoint.AttributedRequests == endpoint.ChatRequests));
        }

        list.Add(new(
            $"Retries after a rate limit wait as long as the server asked (Retry-After, retry-after-ms, x-ratelimit-reset-requests), within {CallLedger.WaitTolerance.TotalMilliseconds:F0} ms of timer granularity",
            $"{result.RetriesAfterWait:N0} such retries, {result.WaitViolations} early{(result.ShortestWaitSlack is { } slack ? $"; smallest margin {slack.TotalMilliseconds:F1} ms (server clock, arrival after the wait ended)" : string.Empty)}{(result.FirstWaitViolation is { } v ? $"; e.g. {v}" : string.Empty)}",
            result.WaitViolations == 0));
        list.Add(new(
            "The `Attempts` the client reports equals the requests the servers received for that call",
            $"{result.Attempts.Mismatches} mismatches in {result.Attempts.Checked:N0} calls that reported attempts{(result.Attempts.First is { } m ? $"; e.g. {m}" : string.Empty)}",
            result.Attempts.Mismatches == 0));
        list.Add(new(
            "The `Endpoint` an answer names received a request for that call",
            $"{result.AnsweringEndpoints.Mismatches} mismatches in {result.AnsweringEndpoints.Checked:N0} answers",
            result.AnsweringEndpoints.Mismatches == 0));

        var first = result.Memory.FirstOrDefault();
        var last = result.Memory.LastOrDefault();
        if (first is not null && last is not null)
        {
            var growth = last.HeapAfterFullGcBytes - first.HeapAfterFullGcBytes;
            list.Add(new(
                $"Memory flat: managed heap after a full GC grows by at most {SoakReport.Megabytes(SoakSettings.MaxHeapGrowthBytes)} from the {first.Label} to the {last.Label} sample",
                $"{SoakReport.Megabytes(first.HeapAfterFullGcBytes)} → {SoakReport.Megabytes(last.HeapAfterFullGcBytes)} ({(growth >= 0 ? "+" : "−")}{SoakReport.Megabytes(Math.Abs(growth))})",
                growth <= SoakSettings.MaxHeapGrowthBytes));
        }

        return list;
    }
}
