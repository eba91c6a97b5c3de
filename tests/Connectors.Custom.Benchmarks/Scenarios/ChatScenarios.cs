using System.Net;
using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>
/// Runs every chat scenario with every client side by side: each client is checked once, then per concurrency each
/// is warmed up and measured in interleaved repetitions (floor, SK, ours ×3, floor, ...) so drift in the machine's
/// state spreads over all clients instead of landing on one.
/// </summary>
internal static class ChatScenarios
{
    public static async Task<IReadOnlyList<ChatResultRow>> RunAsync(ChildServer server, ChatSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None };
        using var floorHttp = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var floor = new FloorChatClient(floorHttp, new Uri(server.BaseAddress, "chat/completions"));

        var rows = new List<ChatResultRow>();
        foreach (var scenario in settings.Scenarios)
        {
            var owned = new List<IDisposable>();
            try
            {
                rows.AddRange(await RunScenarioAsync(server, scenario, floor, owned, settings, progress, cancellationToken));
            }
            finally
            {
                foreach (var disposable in owned)
                {
                    disposable.Dispose();
                }
            }
        }

        return rows;
    }

    private static async Task<IEnumerable<ChatResultRow>> RunScenarioAsync(
        ChildServer server, ChatScenario scenario, FloorChatClient floor, List<IDisposable> owned, ChatSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var cases = ChatCases.Create(scenario, server.BaseAddress, floor, owned).Where(c => settings.Clients.Contains(c.Client)).ToArray();
        var failures = new Dictionary<ChatClientCase, string>();
        foreach (var clientCase in cases)
        {
            if (await CheckAsync(server, scenario, clientCase, cancellationToken) is { } failure)
            {
                failures[clientCase] = failure;
                await progress.WriteLineAsync($"{scenario.Name} / {clientCase.Client}: check failed, not measured: {failure}");
            }
        }

        var medians = await MeasureAsync(scenario, cases.Where(clientCase => !failures.ContainsKey(clientCase)).ToArray(), settings, progress, cancellationToken);
        return cases.Select(clientCase => failures.TryGetValue(clientCase, out var failure)
            ? new ChatResultRow(scenario, clientCase.Client, new Dictionary<int, ChatSample>(), failure)
            : new ChatResultRow(scenario, clientCase.Client, medians[clientCase], null));
    }

    /// <summary>Warms up and measures the checked clients of one scenario at each concurrency, in interleaved
    /// repetitions; returns each client's medians by concurrency.</summary>
    internal static async Task<Dictionary<ChatClientCase, Dictionary<int, ChatSample>>> MeasureAsync(
        ChatScenario scenario, IReadOnlyList<ChatClientCase> measured, ChatSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var medians = measured.ToDictionary(clientCase => clientCase, _ => new Dictionary<int, ChatSample>());
        foreach (var concurrency in settings.Concurrencies)
        {
            var calls = new Dictionary<ChatClientCase, int>();
            foreach (var clientCase in measured)
            {
                var rate = await ChatMeasurement.WarmUpAsync(clientCase.Call, concurrency, settings.WarmUp, cancellationToken);
                calls[clientCase] = settings.CallsFor(rate, concurrency);
            }

            var samples = measured.ToDictionary(clientCase => clientCase, _ => new List<ChatSample>());
            for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
            {
                foreach (var clientCase in measured)
                {
                    samples[clientCase].Add(await ChatMeasurement.MeasureAsync(clientCase.Call, calls[clientCase], concurrency, cancellationToken));
                }
            }

            foreach (var clientCase in measured)
            {
                var median = medians[clientCase][concurrency] = ChatSample.Median(samples[clientCase]);
                await progress.WriteLineAsync(
                    $"{scenario.Name} / c={concurrency} / {clientCase.Client}: {median.CpuMillisecondsPerCall:0.000} ms CPU, " +
                    $"{median.AllocatedBytesPerCall / 1024:0.0} KB, {median.CallsPerSecond:0} calls/s ({calls[clientCase]} calls x {settings.Repetitions})");
            }
        }

        return medians;
    }

    private static async Task<string?> CheckAsync(ChildServer server, ChatScenario scenario, ChatClientCase clientCase, CancellationToken cancellationToken)
    {
        var before = await server.GetServedChatRequestsAsync(cancellationToken);
        var sink = new ChatSink(keep: true);
        sink.Start();
        try
        {
            await clientCase.Call(sink, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }

        var after = await server.GetServedChatRequestsAsync(cancellationToken);
        var served = after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
        return ChatCheck.Verify(scenario, sink, served);
    }
}
