using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Agents.Tests.Infrastructure;

/// <summary>One function call a scripted model asks for.</summary>
public sealed record ScriptedToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>What a scripted model answers to one request: text, or tool calls.</summary>
public sealed class ModelTurn
{
    private ModelTurn(string? text, IReadOnlyList<ScriptedToolCall> toolCalls)
    {
        Text = text;
        ToolCalls = toolCalls;
    }

    public string? Text { get; }

    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; }

    public static ModelTurn Say(string text) => new(text, []);

    public static ModelTurn Call(params ScriptedToolCall[] calls) => new(null, calls);

    public static ModelTurn Call(string id, string name, string argumentsJson) => new(null, [new ScriptedToolCall(id, name, argumentsJson)]);
}

/// <summary>
/// Turns a <see cref="LoopbackServer"/> into a model that decides each answer from the request it receives (like a
/// real model reads the conversation), in the OpenAI chat completions shape: JSON, or SSE chunks when the request
/// asked for a stream (text word by word; tool calls with their arguments split across two chunks).
/// </summary>
public static class ScriptedModel
{
    public static LoopbackServer AnswerWith(this LoopbackServer server, Func<WireRequest, ModelTurn> decide) =>
        server.SetFallback(async (context, body) =>
        {
            var request = WireRequest.Parse(body);
            ModelTurn turn;
            try
            {
                turn = decide(request);
            }
            catch (Exception ex)
            {
                // A script that cannot answer fails the call with a status the connector does not retry.
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                var error = new JsonObject { ["error"] = new JsonObject { ["message"] = $"script failed: {ex.Message}" } };
                await context.Response.WriteAsync(error.ToJsonString());
                return;
            }

            if (request.Stream)
            {
                await WriteStreamAsync(context, request.Model, turn);
            }
            else
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Completion(request.Model, turn).ToJsonString());
            }
        });

    private static JsonObject Completion(string model, ModelTurn turn)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
        if (turn.ToolCalls.Count > 0)
        {
            var calls = new JsonArray();
            foreach (var call in turn.ToolCalls)
            {
                calls.Add(new JsonObject
                {
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
                });
            }

            message["tool_calls"] = calls;
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = turn.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 5, ["total_tokens"] = 25 },
        };
    }

    private static async Task WriteStreamAsync(HttpContext context, string model, ModelTurn turn)
    {
        context.Response.ContentType = "text/event-stream";
        var chunks = new List<JsonObject> { Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null) };
        if (turn.Text is { } text)
        {
            var words = text.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                chunks.Add(Chunk(model, new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] }, null));
            }
        }

        for (var index = 0; index < turn.ToolCalls.Count; index++)
        {
            var call = turn.ToolCalls[index];
            var half = call.ArgumentsJson.Length / 2;
            chunks.Add(Chunk(model, ToolDelta(index, call.Id, call.Name, call.ArgumentsJson[..half]), null));
            chunks.Add(Chunk(model, ToolDelta(index, null, null, call.ArgumentsJson[half..]), null));
        }

        chunks.Add(Chunk(model, new JsonObject(), turn.ToolCalls.Count > 0 ? "tool_calls" : "stop"));
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject ToolDelta(int index, string? id, string? name, string arguments)
    {
        var function = new JsonObject { ["arguments"] = arguments };
        var call = new JsonObject { ["index"] = index };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
            function["name"] = name;
        }

        call["function"] = function;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl-scripted-stream",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1700000000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };
}

/// <summary>A chat completions request body as the scripted model reads it.</summary>
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
public sealed record WireMessage(string Role, string? Content, string? Name, string? ToolCallId, IReadOnlyList<ScriptedToolCall> ToolCalls)
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
            ? tc.EnumerateArray().Select(call => new ScriptedToolCall(
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
