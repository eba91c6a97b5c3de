using System.Net;
using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>
/// Runs every embedding scenario with every client side by side: each client is checked once, warmed up, and then
/// measured in interleaved repetitions (floor, SK, ours, floor, SK, ours, ...) so drift in the machine's state
/// spreads over all clients instead of landing on one.
/// </summary>
internal static class EmbeddingScenarios
{
    private const int TextSeed = 60_120;

    public static async Task<IReadOnlyList<EmbeddingResultRow>> RunAsync(
        ChildServer server, int calls, int repetitions, IReadOnlyList<int> concurrencies, TextWriter progress, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None };
        using var floorHttp = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var floor = new FloorEmbeddingClient(floorHttp, new Uri(server.BaseAddress, "embeddings"));

        var rows = new List<EmbeddingResultRow>();
        foreach (var scenario in EmbeddingScenario.All(calls))
        {
            var inputs = BenchmarkTexts.Create(scenario.Inputs, TextSeed);
            var cases = ClientCases.Create(scenario, inputs, server.BaseAddress, floor);
            var failures = new Dictionary<ClientCase, string>();
            foreach (var clientCase in cases)
            {
                if (await CheckAsync(server, scenario, clientCase, cancellationToken) is { } failure)
                {
                    failures[clientCase] = failure;
                    progress.WriteLine($"{scenario.Name} / {clientCase.Client}: check failed, not measured: {failure}");
                }
            }

            var measured = cases.Where(clientCase => !failures.ContainsKey(clientCase)).ToArray();
            foreach (var concurrency in scenario.Concurrencies(concurrencies))
            {
                var callsPerRepetition = scenario.CallsAt(concurrency);
                var samples = measured.ToDictionary(clientCase => clientCase, _ => new List<Sample>());
                foreach (var clientCase in measured)
                {
                    progress.WriteLine($"{scenario.Name} / concurrency {concurrency} / {clientCase.Client}: warming up");
                    await Measurement.WarmUpAsync(clientCase.Call, concurrency, callsPerRepetition * 4, cancellationToken);
                }

                for (var repetition = 1; repetition <= repetitions; repetition++)
                {
                    progress.WriteLine($"{scenario.Name} / concurrency {concurrency}: repetition {repetition} of {repetitions}, {callsPerRepetition} calls per client");
                    foreach (var clientCase in measured)
                    {
                        samples[clientCase].Add(await Measurement.MeasureAsync(clientCase.Call, callsPerRepetition, concurrency, cancellationToken));
                    }
                }

                rows.AddRange(cases.Select(clientCase => failures.TryGetValue(clientCase, out var failure)
                    ? new EmbeddingResultRow(scenario.Name, concurrency, clientCase.Client, null, failure)
                    : new EmbeddingResultRow(scenario.Name, concurrency, clientCase.Client, Sample.Median(samples[clientCase]), null)));
            }
        }

        return rows;
    }

    private static async Task<string?> CheckAsync(ChildServer server, EmbeddingScenario scenario, ClientCase clientCase, CancellationToken cancellationToken)
    {
        var before = await server.GetServedRequestsAsync(cancellationToken);
        IReadOnlyList<ReadOnlyMemory<float>> vectors;
        try
        {
            vectors = await clientCase.Call(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }

        var served = (await server.GetServedRequestsAsync(cancellationToken)).Minus(before);
        return ResultCheck.Verify(scenario, vectors, served);
    }
}
