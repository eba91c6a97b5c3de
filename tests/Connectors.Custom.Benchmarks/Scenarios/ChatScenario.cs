using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Server;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>How a scenario's answer arrives.</summary>
internal enum ChatScenarioKind
{
    /// <summary>One JSON body.</summary>
    Completion,

    /// <summary>Server-sent events with content deltas.</summary>
    TextStream,

    /// <summary>Server-sent events with one tool call in argument fragments.</summary>
    ToolStream,
}

/// <summary>One chat workload: the model id that makes the server give its answer, and what that answer holds.</summary>
internal sealed record ChatScenario(string Name, string Model, ChatScenarioKind Kind, int Deltas)
{
    public bool Streams => Kind != ChatScenarioKind.Completion;

    public static IReadOnlyList<ChatScenario> All { get; } =
    [
        new("chat, non-streaming (1.3 KB)", ChatResponses.ChatModel, ChatScenarioKind.Completion, 1),
        new("stream, 200 deltas, one write", ChatResponses.StreamModel, ChatScenarioKind.TextStream, ChatScript.StreamDeltas),
        new("stream, 200 deltas, flushed each", ChatResponses.FlushedStreamModel, ChatScenarioKind.TextStream, ChatScript.StreamDeltas),
        new("tool-call stream, 120 fragments", ChatResponses.ToolStreamModel, ChatScenarioKind.ToolStream, ChatScript.ToolArgumentFragments),
    ];
}
