using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Reads a chat completions request body into what the chat script needs, or says what is wrong with it.</summary>
internal static class ChatRequestReader
{
    public static bool TryRead(string body, string defaultModel, out ChatScriptRequest? request, out StreamOptionsInfo streamOptions, out string? error)
    {
        request = null;
        streamOptions = default;
        if (!RequestBodyJson.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                error = "'messages' is required and must be a non-empty array.";
                return false;
            }

            var list = new List<ChatScriptMessage>(messages.GetArrayLength());
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                {
                    error = $"messages[{list.Count}] must be an object with a string 'role'.";
                    return false;
                }

                list.Add(new ChatScriptMessage(role.GetString()!, ReadText(message), String(message, "tool_call_id"), ReadToolCalls(message)));
            }

            if (!TryReadTools(root, out var tools, out error))
            {
                return false;
            }

            var model = String(root, "model") is { Length: > 0 } named ? named : defaultModel;
            var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
            if (stream && root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object)
            {
                bool? includeUsage = options.TryGetProperty("include_usage", out var usage) && usage.ValueKind is JsonValueKind.True or JsonValueKind.False ? usage.GetBoolean() : null;
                var continuous = options.TryGetProperty("continuous_usage_stats", out var stats) && stats.ValueKind == JsonValueKind.True;
                streamOptions = new StreamOptionsInfo(true, includeUsage, continuous);
            }

            var (toolChoice, forced) = ReadToolChoice(root);
            request = new ChatScriptRequest(model, list, stream, body, tools, toolChoice, forced, ReadResponseFormat(root));
            error = null;
            return true;
        }
    }

    private static bool TryReadTools(JsonElement root, out List<ChatScriptTool>? tools, out string? error) =>
        TryReadTools(
            root,
            static tool => tool.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object ? function : null,
            "must be an object with a 'function' that has a 'name'.",
            out tools,
            out error);

    /// <summary>Reads <c>tools</c> in either API's shape: <paramref name="definition"/> finds the object holding a tool's
    /// <c>name</c>, <c>description</c> and <c>parameters</c> (null when the tool is malformed, reported with
    /// <paramref name="requirement"/>).</summary>
    internal static bool TryReadTools(JsonElement root, Func<JsonElement, JsonElement?> definition, string requirement, out List<ChatScriptTool>? tools, out string? error)
    {
        tools = null;
        error = null;
        if (!root.TryGetProperty("tools", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            error = "'tools' must be an array.";
            return false;
        }

        tools = [];
        foreach (var tool in array.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || definition(tool) is not { } function || String(function, "name") is not { Length: > 0 } name)
            {
                error = $"tools[{tools.Count}] {requirement}";
                return false;
            }

            var parameters = function.TryGetProperty("parameters", out var schema) && schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : null;
            tools.Add(new ChatScriptTool(name, String(function, "description"), parameters));
        }

        return true;
    }

    private static (string? Choice, string? Forced) ReadToolChoice(JsonElement root)
    {
        if (!root.TryGetProperty("tool_choice", out var choice))
        {
            return (null, null);
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return (choice.GetString(), null);
        }

        // {"type":"function","function":{"name":"X"}}
        return choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            ? ("function", String(function, "name"))
            : (null, null);
    }

    private static ChatScriptResponseFormat? ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind != JsonValueKind.Object || String(format, "type") is not { } type)
        {
            return null;
        }

        if (format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object)
        {
            var schema = jsonSchema.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetRawText() : null;
            return new ChatScriptResponseFormat(type, String(jsonSchema, "name"), schema);
        }

        // The older form some servers take: {"type":"json_object","schema":{...}}.
        var inline = format.TryGetProperty("schema", out var inlineSchema) && inlineSchema.ValueKind == JsonValueKind.Object ? inlineSchema.GetRawText() : null;
        return new ChatScriptResponseFormat(type, null, inline);
    }

    private static List<ChatScriptToolCall>? ReadToolCalls(JsonElement message)
    {
        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<ChatScriptToolCall>(calls.GetArrayLength());
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind == JsonValueKind.Object
                && call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && String(function, "name") is { Length: > 0 } name)
            {
                list.Add(new ChatScriptToolCall(name, String(function, "arguments") ?? "{}", String(call, "id")));
            }
        }

        return list;
    }

    /// <summary>The text of <c>content</c>: the string itself, or the <c>text</c> of its text parts joined.</summary>
    private static string ReadText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text")
                && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
            {
                text.Append(partText.GetString());
            }
        }

        return text.ToString();
    }

    internal static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
