using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Server;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary>
/// <c>layers</c>: where the client's own CPU and memory go, one layer at a time, for the non-streaming chat call. Runs
/// in-process against an in-memory handler that returns the benchmark server's canned body, so there is no socket,
/// no server and no kernel time: what is left is the connector and the layers around it. Each configuration adds or
/// removes one thing from the one before it, and the table shows the difference.
/// </summary>
internal static class LayersCommand
{
    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls per repetition", DefaultValueFactory = _ => 50_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions per configuration; medians are reported", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight at once", DefaultValueFactory = _ => 64 };
        var command = new Command("layers", "Measure the client's CPU and allocations per call, layer by layer, with no socket or server.");
        command.Options.Add(calls);
        command.Options.Add(repetitions);
        command.Options.Add(concurrency);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(calls), result.GetValue(repetitions), result.GetValue(concurrency), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int calls, int repetitions, int concurrency, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new CannedHandler(new ChatResponses().Completion)) { Timeout = Timeout.InfiniteTimeSpan };
        var layers = new (string Name, Func<IChatClient> Create)[]
        {
            ("CustomChatClient, resilience off", () => Raw(http, o => o.Resilience.Enabled = false)),
            ("+ resilience defaults (retry, breaker, timeouts)", () => Raw(http, _ => { })),
            ("  of which: without retry", () => Raw(http, o => o.Resilience.Retry.MaxRetries = 0)),
            ("  of which: without circuit breaker", () => Raw(http, o => o.Resilience.CircuitBreaker.Enabled = false)),
            ("  of which: without attempt and total timeouts", () => Raw(http, o => { o.Resilience.Timeouts.AttemptTimeout = null; o.Resilience.Timeouts.TotalTimeout = null; })),
            ("+ SK function invocation (registered, telemetry off)", () => Registered(http, telemetry: false)),
            ("+ OpenTelemetry layer (registered, defaults)", () => Registered(http, telemetry: true)),
        };

        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; .NET {Environment.Version}; {calls} calls x {repetitions} repetitions at concurrency {concurrency}, medians.");
        Console.WriteLine();
        Console.WriteLine("| Configuration | CPU / call | Allocated / call |");
        Console.WriteLine("|---|---:|---:|");
        // Every configuration is warmed up first (long enough for tiered compilation to settle on optimised code),
        // then the repetitions are interleaved across configurations, so drift in the machine's load hits all alike.
        var clients = layers.Select(layer => layer.Create()).ToArray();
        foreach (var client in clients)
        {
            await CallAsync(client, calls, concurrency, cancellationToken);
        }

        var samples = clients.Select(_ => new List<(double Cpu, double Bytes)>()).ToArray();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            for (var i = 0; i < clients.Length; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                await CallAsync(clients[i], calls, concurrency, cancellationToken);
                samples[i].Add(((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)calls));
            }
        }

        for (var i = 0; i < clients.Length; i++)
        {
            (clients[i] as IDisposable)?.Dispose();
            Console.WriteLine($"| {layers[i].Name} | {Median(samples[i].Select(s => s.Cpu)):F2} µs | {Median(samples[i].Select(s => s.Bytes)) / 1024:F2} KB |");
        }

        return 0;
    }

    private static IChatClient Raw(HttpClient http, Action<CustomChatCompletionOptions> configure)
    {
        var options = new CustomChatCompletionOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), ModelId = ChatResponses.ChatModel, EnableTelemetry = false };
        configure(options);
        return new CustomChatClient(options, http);
    }

    private static IChatClient Registered(HttpClient http, bool telemetry) =>
        new ServiceCollection()
            .AddLogging()
            .AddCustomChatCompletion(o =>
            {
                o.Endpoint = new Uri("http://127.0.0.1:9/v1");
                o.ModelId = ChatResponses.ChatModel;
                o.EnableTelemetry = telemetry;
            }, httpClient: http)
            .BuildServiceProvider()
            .GetRequiredService<IChatClient>();

    private static async Task CallAsync(IChatClient client, int calls, int concurrency, CancellationToken cancellationToken)
    {
        var left = calls;
        List<ChatMessage> messages = [new(ChatRole.User, "Hello")];
        var workers = new Task[concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(
                async () =>
                {
                    while (Interlocked.Decrement(ref left) >= 0)
                    {
                        var response = await client.GetResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false);
                        if (response.Text.Length != ChatScript.Answer.Length)
                        {
                            throw new InvalidOperationException("The answer did not come back whole.");
                        }
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(workers);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Answers every request with the canned body after one yield, as a socket read would complete later.</summary>
    private sealed class CannedHandler(byte[] body) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue s_json = new("application/json");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = s_json;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
