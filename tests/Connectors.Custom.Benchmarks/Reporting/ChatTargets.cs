using Connectors.Custom.Benchmarks.Scenarios;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>One target: a figure of a client in the scenarios it applies to, as a ratio to another client's (the
/// floor's, or SK's), with its limit.</summary>
internal sealed record ChatTarget(
    string Name,
    Func<ChatScenario, bool> Applies,
    string Client,
    string Against,
    Func<ChatResultRow, double?> Value,
    Func<double, string> Format,
    double Limit,
    bool AtMost);

/// <summary>The chat targets of the issue "Performance", as ratios to the floor (the last ones to SK).</summary>
internal static class ChatTargets
{
    public static IReadOnlyList<ChatTarget> All { get; } = Create();

    private static List<ChatTarget> Create()
    {
        static bool Chat(ChatScenario s) => s.Kind == ChatScenarioKind.Completion;
        static bool TextStream(ChatScenario s) => s.Kind == ChatScenarioKind.TextStream;
        static bool ToolStream(ChatScenario s) => s.Kind == ChatScenarioKind.ToolStream;
        static double? Cpu(ChatResultRow row, int concurrency) => row.At(concurrency)?.CpuMillisecondsPerCall;
        static double? Throughput(ChatResultRow row, int concurrency) => row.At(concurrency)?.CallsPerSecond;
        static double? BytesPerCall(ChatResultRow row) => ChatReport.Reference(row)?.AllocatedBytesPerCall;
        static double? BytesPerDelta(ChatResultRow row) => BytesPerCall(row) / row.Scenario.Deltas;
        static double? ServiceCpu(ChatResultRow row) => Cpu(row, row.Scenario.Streams ? ChatReport.Saturated : ChatReport.HighConcurrency);

        const int High = ChatReport.HighConcurrency;
        const int Saturated = ChatReport.Saturated;
        var floor = ChatCases.Floor;
        var targets = new List<ChatTarget>();
        foreach (var (client, chatCpu, chatBytes, chatThroughput, streamCpu, streamBytes, toolCpu) in new[]
        {
            (ChatCases.OursChatClient, 1.3, 2.0, 0.85, 1.5, 5.0, 1.5),
            (ChatCases.OursRegistered, 1.6, 3.0, 0.75, 2.0, 8.0, 2.0),
        })
        {
            targets.Add(new($"chat CPU / call, c={High}", Chat, client, floor, r => Cpu(r, High), ChatReport.Milliseconds, chatCpu, AtMost: true));
            targets.Add(new("chat bytes / call", Chat, client, floor, BytesPerCall, ChatReport.Bytes, chatBytes, AtMost: true));
            targets.Add(new($"chat throughput, c={High}", Chat, client, floor, r => Throughput(r, High), v => ChatReport.Rate(v) + "/s", chatThroughput, AtMost: false));
            targets.Add(new($"stream CPU / stream, c={Saturated}", TextStream, client, floor, r => Cpu(r, Saturated), ChatReport.Milliseconds, streamCpu, AtMost: true));
            targets.Add(new("stream bytes / delta", TextStream, client, floor, BytesPerDelta, ChatReport.Bytes, streamBytes, AtMost: true));
            targets.Add(new($"tool-call stream CPU / stream, c={Saturated}", ToolStream, client, floor, r => Cpu(r, Saturated), ChatReport.Milliseconds, toolCpu, AtMost: true));
        }

        targets.Add(new($"IChatCompletionService CPU / call (c={High} chat, c={Saturated} streams)", _ => true, ChatCases.OursService, ChatCases.SemanticKernel, ServiceCpu, ChatReport.Milliseconds, 0.5, AtMost: true));
        targets.Add(new("IChatCompletionService bytes / call", _ => true, ChatCases.OursService, ChatCases.SemanticKernel, BytesPerCall, ChatReport.Bytes, 0.5, AtMost: true));
        return targets;
    }
}
