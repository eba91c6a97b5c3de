using System.Net;
using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>Runs the Responses scenarios with every client side by side, as <see cref="ChatScenarios"/> does for chat:
/// each client checked once, then warmed up and measured in interleaved repetitions per concurrency.</summary>
internal static class ResponsesScenarios
{
    public static async Task<IReadOnlyList<ChatResultRow>> RunAsync(ChildServer server, ChatSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None };
        using var floorHttp = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var floor = new FloorResponsesClient(floorHttp, new Uri(server.BaseAddress, "responses"));
        var rows = new List<ChatResultRow>();
        foreach (var scenario in settings.Scenarios)
        {
            var owned = new List<IDisposable>();
            try
            {
                var cases = ResponsesCases.Create(scenario, server.BaseAddress, floor, owned);
                var failures = new Dictionary<ChatClientCase, string>();
                foreach (var clientCase in cases)
                {
                    if (await CheckAsync(scenario, clientCase, cancellationToken) is { } failure)
                    {
                        await progress.WriteLineAsync($"{scenario.Name} / {clientCase.Client}: check failed, not measured: {failure}");
                        failures[clientCase] = failure;
                    }
                }

                var medians = await ChatScenarios.MeasureAsync(scenario, cases.Where(c => !failures.ContainsKey(c)).ToList(), settings, progress, cancellationToken);
                rows.AddRange(cases.Select(c => failures.TryGetValue(c, out var failure)
                    ? new ChatResultRow(scenario, c.Client, new Dictionary<int, ChatSample>(), failure)
                    : new ChatResultRow(scenario, c.Client, medians[c], null)));
            }
            finally
            {
                owned.ForEach(d => d.Dispose());
            }
        }

        return rows;
    }

    /// <summary>One call before measuring: the streamed text is the server's, or the tool call has its id, name and
    /// arguments.</summary>
    private static async Task<string?> CheckAsync(ChatScenario scenario, ChatClientCase clientCase, CancellationToken cancellationToken)
    {
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

        if (scenario.Kind == ChatScenarioKind.ToolStream)
        {
            return ChatCheck.VerifyToolCall(sink);
        }

        return sink.ReceivedText == ChatScript.StreamedText
            ? null
            : $"the streamed text differs from the server's ({sink.ReceivedText.Length} characters, expected {ChatScript.StreamedText.Length})";
    }
}
