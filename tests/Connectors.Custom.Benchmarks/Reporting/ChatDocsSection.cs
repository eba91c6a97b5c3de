using System.Globalization;
using System.Text;
using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>The body of the <c>## Chat</c> section of docs/benchmarks.md: how to reproduce, where it ran, the tables,
/// and what exactly each client and the server did. A <c>### Profile</c> subsection already in the section (written
/// from a profiler's findings, which a benchmark run cannot produce) is kept, after the new figures.</summary>
internal static class ChatDocsSection
{
    public const string ProfileHeading = "### Profile";

    public static string Create(DateTimeOffset started, ChatSettings settings, string table, string targets, string? keptProfile)
    {
        // The arguments this process was started with, as one would type them after "dotnet run ... --".
        var arguments = string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var concurrencies = string.Join(", ", settings.Concurrencies.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        var warmUp = settings.WarmUp.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var repetitionTime = settings.RepetitionTime.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        var repetitions = settings.Repetitions.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .AppendLine("```bash")
            .AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project tests/Connectors.Custom.Benchmarks -- {arguments}")
            .AppendLine("```")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {started.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC on {MachineDescription.Describe()}.")
            .AppendLine()
            .AppendLine(table)
            .AppendLine(CultureInfo.InvariantCulture, $"""
                CPU and calls/s are per call (a whole stream is one call); *Allocated / delta* is a stream's allocations
                divided by its deltas (200 content deltas, or the tool call's 120 argument fragments). Allocations and
                collections are from the concurrency-{ChatReport.Saturated} runs; *First delta* is the median time from
                starting a call to the first text delta handed to the caller, at concurrency 1. Ratios are to the floor of
                the same scenario and concurrency.

                ### Targets

                Ratios to the floor, except the last rows: ours through `IChatCompletionService` against SK's own
                (CPU at concurrency {ChatReport.HighConcurrency} for the non-streaming call, {ChatReport.Saturated} for
                streams). A missed target says by how much, as a share of its limit.

                """)
            .AppendLine(targets)
            .AppendLine(CultureInfo.InvariantCulture, $"""
                ### Method

                The server is this executable's `serve` mode in a child process (Kestrel on 127.0.0.1), answering
                `POST /v1/chat/completions` from bodies built before it listens, picked by the request's `model`:
                `bench-chat` a 1.3 KB `chat.completion` with usage; `bench-stream` a stream of a role chunk, 200 content
                chunks (OpenAI-sized tokens, some with quotes, line breaks or multi-byte characters), a finish chunk, a
                usage-only chunk (`choices: []`) and `data: [DONE]`, written as one body; `bench-stream-flushed` the
                same events flushed one at a time; `bench-tool-stream` one tool call whose first delta carries `id`,
                `type` and `function.name` and whose arguments (a 350-character JSON object) follow in 120 fragments,
                then `finish_reason: "tool_calls"`, usage and `[DONE]`, as one body. Every chunk has OpenAI's fields (`id`,
                `object`, `created`, `model`, `service_tier`, `system_fingerprint`, `choices[0].delta`, `logprobs: null`,
                `finish_reason: null` and `usage: null` until the end). A request whose `stream` does not fit its model
                gets HTTP 400.

                Each client is first checked with one call: the text it hands over equals the server's (and for streams
                arrives in 200 deltas), the tool call has the server's id and name and its arguments are the server's
                text (or, where the client parses them, the same JSON), and the server saw exactly one request. Then,
                per concurrency ({concurrencies}), each client is warmed up for at least {warmUp} s, which also sizes its
                repetitions to about {repetitionTime} s of calls (at least 16, and two per caller); {repetitions}
                repetitions per client, interleaved across clients, each after a full collection; medians shown. Figures
                are for the client process only: CPU is the change in `Process.TotalProcessorTime` (all threads, user
                and kernel), allocations the change in `GC.GetTotalAllocatedBytes(true)`, collections the change in
                `GC.CollectionCount(0)` (every collection) and `GC.CollectionCount(2)`. Each caller hands what it gets
                to one reusable sink that counts it (the same for every client), reading contents by index so the
                harness allocates nothing per delta. On 2 cores the server competes with the client for CPU, which
                lowers calls/s for every client alike.

                Clients (the same system and user message for all; the tool scenario declares the tool):
                - **floor**: one shared `HttpClient` on `SocketsHttpHandler`; the request written per call with
                  `Utf8JsonWriter`; a non-streaming body read into a pooled buffer and `choices[0].message.content`
                  found with `Utf8JsonReader`; a stream read with `System.Net.ServerSentEvents.SseParser` and an item
                  parser that returns a struct holding only the delta's content string or tool-call id, name and
                  argument fragment. No retries, telemetry, usage, or checks beyond finding those values.
                - **SK 1.82 OpenAI, IChatCompletionService**: `Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId,
                  endpoint, apiKey)` (the custom-endpoint overload, SKEXP0010), i.e. SK's `OpenAIChatCompletionService`
                  over the OpenAI SDK (2.13.0 in the benchmark, see its project file); text read from each update's `Content`; the tool declared as a kernel
                  function with `FunctionChoiceBehavior.Auto(autoInvoke: false)`, fragments read from its
                  `StreamingFunctionCallUpdateContent` items.
                - **ours, IChatClient**: `new CustomChatClient(new CustomChatCompletionOptions {"{"} Endpoint, ModelId,
                  Resilience = {"{"} Enabled = false {"}"}, EnableTelemetry = false {"}"})`, no logger factory: the raw
                  client; text from each update's `TextContent`, the tool call as the one `FunctionCallContent` it
                  assembles at the end of the stream (so it has no per-fragment deltas).
                - **ours, IChatCompletionService**: `new CustomChatCompletionService(options)` with the same options,
                  i.e. the raw client under SK's function-invocation layer and our SK adapter; read like SK's.
                - **ours, full registered pipeline**: `services.AddLogging().AddCustomChatCompletion(modelId, endpoint)`
                  resolved as `IChatClient`: resilience (retry, circuit breaker, timeouts), the OpenTelemetry GenAI
                  layer, logging and usage tracking at their defaults; a logger factory with no providers and no
                  activity or meter listener, as in an application without exporters. Read like the raw client.
                """);
        if (!string.IsNullOrWhiteSpace(keptProfile))
        {
            text.AppendLine().AppendLine(keptProfile.TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>Finds the <c>### Profile</c> subsection of the existing <paramref name="heading"/> section, up to the
    /// next <c>## </c> heading, so a rewrite of the figures keeps it.</summary>
    public static string? ReadProfile(string path, string heading)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        if (start < 0)
        {
            return null;
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        end = end < 0 ? lines.Length : end;
        var profile = Array.FindIndex(lines, start + 1, end - start - 1, l => l.TrimEnd() == ProfileHeading);
        return profile < 0 ? null : string.Join('\n', lines[profile..end]).TrimEnd();
    }
}
