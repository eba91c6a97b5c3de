using System.Text.Json;
using Connectors.Custom.Testing;

namespace Connectors.Custom.Agents.Tests.Infrastructure;

/// <summary>One function call in a request's <c>messages</c>.</summary>
public sealed record WireToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>A chat completions request body as a test reads it back from <see cref="RecordedRequest.Body"/>, to assert
/// on what the connector sent (the server side of these tests is <see cref="LocalOpenAIServer"/>).</summary>
public sealed class WireRequest
{
    private WireRequest(JsonElement json, IReadOnlyList<WireMessage> messages, IReadOnlyList<string> toolNames)
    {
        Json = json;
        Messages = messages;
        ToolNames = toolNames;
    }

    public JsonElement Json { get; }

    public string Model => Json.GetProperty("model").GetString()!;

    public bool Stream => Json.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    public IReadOnlyList<WireMessage> Messages { get; }

    /// <summary>The names of the functions offered in <c>tools</c>.</summary>
    public IReadOnlyList<string> ToolNames { get; }

    public WireMessage Last => Messages[^1];

    /// <summary>The offered function whose name ends with <paramref name="suffix"/> (SK prefixes plugin names).</summary>
    public string Tool(string suffix) => ToolNames.Single(name => name.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>The content of the tool message that answers <paramref name="callId"/>, or null.</summary>
    public string? ToolResult(string callId) => Messages.FirstOrDefault(m => m.Role == "tool" && m.ToolCallId == callId)?.Content;

    public static WireRequest Parse(string body)
    {
        var json = JsonDocument.Parse(body).RootElement.Clone();
        var messages = json.GetProperty("messages").EnumerateArray().Select(WireMessage.From).ToList();
        var tools = json.TryGetProperty("tools", out var t)
            ? t.EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString()!).ToList()
            : [];
        return new WireRequest(json, messages, tools);
    }
}

/// <summary>One entry of a request's <c>messages</c>.</summary>
public sealed record WireMessage(string Role, string? Content, string? Name, string? ToolCallId, IReadOnlyList<WireToolCall> ToolCalls)
{
    public static WireMessage From(JsonElement message)
    {
        string? content = null;
        if (message.TryGetProperty("content", out var c))
        {
            content = c.ValueKind switch
            {
                JsonValueKind.String => c.GetString(),
                JsonValueKind.Array => string.Concat(c.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString())),
                _ => null,
            };
        }

        var calls = message.TryGetProperty("tool_calls", out var tc)
            ? tc.EnumerateArray().Select(call => new WireToolCall(
                call.GetProperty("id").GetString()!,
                call.GetProperty("function").GetProperty("name").GetString()!,
                call.GetProperty("function").GetProperty("arguments").GetString()!)).ToList()
            : [];
        return new WireMessage(
            message.GetProperty("role").GetString()!,
            content,
            message.TryGetProperty("name", out var n) ? n.GetString() : null,
            message.TryGetProperty("tool_call_id", out var id) ? id.GetString() : null,
            calls);
    }

    public override string ToString() => $"{Role}{(Name is null ? "" : "(" + Name + ")")}: {Content}{string.Concat(ToolCalls.Select(c => $" [{c.Id} {c.Name} {c.ArgumentsJson}]"))}";
}
