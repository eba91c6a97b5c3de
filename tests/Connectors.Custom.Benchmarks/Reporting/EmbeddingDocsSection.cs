using System.Globalization;
using System.Text;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>The body of the <c>## Embeddings</c> section of docs/benchmarks.md: how to reproduce, where it ran, the
/// table, and what exactly each client did.</summary>
internal static class EmbeddingDocsSection
{
    public static string Create(DateTimeOffset started, IReadOnlyList<EmbeddingScenario> scenarios, int repetitions, string table)
    {
        // The arguments this process was started with, as one would type them after "dotnet run ... --".
        var arguments = string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var calls = string.Join("; ", scenarios.Select(s => $"{s.Name}: {s.CallsPerRepetition.ToString(CultureInfo.InvariantCulture)}"));
        return new StringBuilder()
            .AppendLine("```bash")
            .AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project tests/Connectors.Custom.Benchmarks -- {arguments}")
            .AppendLine("```")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {started.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC on {MachineDescription.Describe()}.")
            .AppendLine()
            .AppendLine(table)
            .AppendLine(CultureInfo.InvariantCulture, $"""
                Method: the server is this executable's `serve` mode in a child process (Kestrel on 127.0.0.1), answering
                from response bodies built before it listens: 1536-dimension vectors of fixed-seed floats in [-0.1, 0.1],
                as JSON numbers in shortest round-trip form or as base64 of little-endian float32, and HTTP 400 for more
                than 2,048 inputs as OpenAI does. Figures are for the client process only: CPU is the change in
                `Process.TotalProcessorTime` (all threads, user and kernel), allocations the change in
                `GC.GetTotalAllocatedBytes(true)`, gen2 the change in `GC.CollectionCount(2)`, each divided by the calls
                made. Calls per repetition ({calls}) are raised to at least two per caller, and the ingestion runs at
                most 4 calls at once. Repetitions per client: {repetitions.ToString(CultureInfo.InvariantCulture)},
                interleaved across clients, each after a full collection; medians shown, ratios against the floor.
                On 2 cores the server competes with the client for CPU, which lowers calls/s for every client alike.

                Clients:
                - **floor**: one shared `HttpClient` on `SocketsHttpHandler`, a request body built in advance, the response
                  read into a pooled buffer and parsed with `Utf8JsonReader`; base64 is decoded with
                  `Base64.DecodeFromUtf8` straight into the bytes of a `float[]`, numbers with `GetSingle()`. For the
                  ingestion it sends five 2,048-input (or smaller) requests one after another.
                - **SK 1.82 OpenAI**: `services.AddOpenAIEmbeddingGenerator(modelId, openAIClient)` resolved from a service
                  provider, which in 1.82 is Microsoft.Extensions.AI.OpenAI's `EmbeddingClient.AsIEmbeddingGenerator()`
                  (the benchmark pins 10.10.0 and the OpenAI SDK 2.13.0; see its project file) wrapped in `UseOpenTelemetry()`. The SDK always asks for base64 (an internal
                  setting); the float scenario overrides it with a JSON patch on the SDK's options
                  (`Patch.Set("$.encoding_format", "float")`, experimental SCME0001) passed through
                  `EmbeddingGenerationOptions.RawRepresentationFactory`. It has no batching: every input of a call goes
                  into one request, which OpenAI (and this server) reject above 2,048 inputs, so the ingestion calls it
                  once per 2,048-input chunk, one after another.
                - **Connectors.Custom**: `new CustomEmbeddingGenerator(new CustomEmbeddingOptions {"{"} Endpoint, ModelId,
                  EncodingFormat {"}"})` with default batching: one call of 10,000 inputs is split into 2,048-input
                  requests with up to 4 in flight, so its ingestion calls/s also reflect that parallelism (CPU and
                  allocations per call do not depend on it).
                """)
            .ToString();
    }
}
