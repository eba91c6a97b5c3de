using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Server;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>
/// Checks one call per client before it is measured: the text it handed over equals the server's, delta for delta in
/// count; a tool call has the server's id, name and arguments (as text where the client passes fragments on, as the
/// same JSON where it parses them); and the server saw exactly one request, for this scenario's model.
/// </summary>
internal static class ChatCheck
{
    /// <summary>Returns null when the call was right, otherwise what was wrong.</summary>
    public static string? Verify(ChatScenario scenario, ChatSink sink, IReadOnlyDictionary<string, long> served)
    {
        var requests = served.GetValueOrDefault(scenario.Model);
        var others = served.Where(p => p.Key != scenario.Model).Sum(p => p.Value);
        if (requests != 1 || others != 0)
        {
            return $"the server answered {requests} requests for '{scenario.Model}' and {others} others (rejected: {served.GetValueOrDefault(ServedChatRequests.Rejected)}); expected exactly one";
        }

        switch (scenario.Kind)
        {
            case ChatScenarioKind.Completion:
                return sink.ReceivedText == ChatScript.Answer ? null : $"the answer differs from the server's ({sink.ReceivedText.Length} characters, expected {ChatScript.Answer.Length})";
            case ChatScenarioKind.TextStream:
                if (sink.ReceivedText != ChatScript.StreamedText)
                {
                    return $"the streamed text differs from the server's ({sink.ReceivedText.Length} characters, expected {ChatScript.StreamedText.Length})";
                }

                return sink.TextDeltas == ChatScript.StreamDeltas ? null : $"{sink.TextDeltas} text deltas arrived, the server sent {ChatScript.StreamDeltas}";
            default:
                return VerifyToolCall(sink);
        }
    }

    internal static string? VerifyToolCall(ChatSink sink)
    {
        if (sink.TextDeltas != 0)
        {
            return $"{sink.TextDeltas} text deltas arrived; the server sent none";
        }

        if (sink.ToolCallId != ChatScript.ToolCallId || sink.ToolName != ChatScript.ToolName)
        {
            return $"tool call '{sink.ToolCallId}' named '{sink.ToolName}'; expected '{ChatScript.ToolCallId}' named '{ChatScript.ToolName}'";
        }

        var arguments = sink.ParsedArguments is { } parsed
            ? JsonSerializer.Serialize(parsed, AIJsonUtilities.DefaultOptions)
            : sink.ReceivedArguments;
        if (arguments == ChatScript.ToolArguments)
        {
            return null;
        }

        try
        {
            // A client that parses the arguments (ours) hands back the same JSON, not the same text.
            return JsonNode.DeepEquals(JsonNode.Parse(arguments), JsonNode.Parse(ChatScript.ToolArguments))
                ? null
                : $"the tool-call arguments differ from the server's: {arguments}";
        }
        catch (JsonException exception)
        {
            return $"the tool-call arguments are not the server's JSON ({exception.Message}): {arguments}";
        }
    }
}
