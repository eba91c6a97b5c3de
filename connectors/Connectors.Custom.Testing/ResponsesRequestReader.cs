using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Reads a Responses API request body, or says what is wrong with it. The input items become chat messages,
/// so one chat script answers both APIs.</summary>
internal static class ResponsesRequestReader
{
    public static bool TryRead(string body, string defaultModel, out ResponsesRequest? request, out string? error)
    {
        request = null;
        if (!RequestBodyJson.TryParseObject(body, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!TryReadInput(root, out var input, out error) || !TryReadTools(root, out var tools, out error))
            {
                return false;
            }

            int? maxOutputTokens = null;
            if (root.TryGetProperty("max_output_tokens", out var max) && max.ValueKind != JsonValueKind.Null)
            {
                if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var limit) || limit < 1)
                {
                    error = "'max_output_tokens' must be a positive integer.";
                    return false;
                }

                maxOutputTokens = limit;
            }

            var (toolChoice, forced) = ReadToolChoice(root);
            var reasoning = root.TryGetProperty("reasoning", out var r) && r.ValueKind == JsonValueKind.Object ? ChatRequestReader.String(r, "effort") : null;
            request = new ResponsesRequest(
                ChatRequestReader.String(root, "model") is { Length: > 0 } named ? named : defaultModel,
                ChatRequestReader.String(root, "instructions"),
                input!,
                tools,
                toolChoice,
                forced,
                ReadFormat(root),
                Stream: root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
                Store: root.TryGetProperty("store", out var store) && store.ValueKind is JsonValueKind.True or JsonValueKind.False ? store.GetBoolean() : null,
                ChatRequestReader.String(root, "previous_response_id") is { Length: > 0 } previous ? previous : null,
                maxOutputTokens,
                reasoning,
                body);
            return true;
        }
    }

    /// <summary><c>input</c>: a string (one user message) or an array of items.</summary>
    private static bool TryReadInput(JsonElement root, out List<ChatScriptMessage>? messages, out string? error)
    {
        messages = null;
        error = null;
        if (!root.TryGetProperty("input", out var input) || input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            error = "'input' is required and must be a string or an array of items.";
            return false;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            messages = [new ChatScriptMessage("user", input.GetString()!)];
            return true;
        }

        messages = new List<ChatScriptMessage>(input.GetArrayLength());
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (!TryReadItem(item, index, messages, out error))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    private static bool TryReadItem(JsonElement item, int index, List<ChatScriptMessage> messages, out string? error)
    {
        error = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = Invalid(index, "must be an object");
            return false;
        }

        // A message may leave out "type"; every other item names its type.
        switch (ChatRequestReader.String(item, "type") ?? "message")
        {
            case "message":
                if (ChatRequestReader.String(item, "role") is not { Length: > 0 } role)
                {
                    error = Invalid(index, "is a message without a string 'role'");
                    return false;
                }

                messages.Add(new ChatScriptMessage(role, ReadText(item, "content")));
                return true;
            case "function_call":
                if (ChatRequestReader.String(item, "call_id") is not { Length: > 0 } callId || ChatRequestReader.String(item, "name") is not { Length: > 0 } name)
                {
                    error = Invalid(index, "is a function_call without a 'call_id' and a 'name'");
                    return false;
                }

                messages.Add(new ChatScriptMessage("assistant", string.Empty, null, [new ChatScriptToolCall(name, ChatRequestReader.String(item, "arguments") ?? "{}", callId)]));
                return true;
            case "function_call_output":
                if (ChatRequestReader.String(item, "call_id") is not { Length: > 0 } answered)
                {
                    error = Invalid(index, "is a function_call_output without a 'call_id'");
                    return false;
                }

                messages.Add(new ChatScriptMessage("tool", ReadText(item, "output"), answered, null));
                return true;
            case "reasoning":
            case "item_reference":
                // Replayed reasoning (and references to stored items) carry nothing the script answers from.
                return true;
            case var other:
                error = Invalid(index, $"has an unsupported type '{other}'");
                return false;
        }
    }

    private static string Invalid(int index, string problem) => string.Create(CultureInfo.InvariantCulture, $"input[{index}] {problem}.");

    /// <summary>A string, or the <c>text</c> of its <c>input_text</c>/<c>output_text</c> parts joined (images skipped).</summary>
    private static string ReadText(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        var text = new StringBuilder();
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && ChatRequestReader.String(part, "type") is "input_text" or "output_text" or "text")
                {
                    text.Append(ChatRequestReader.String(part, "text"));
                }
            }
        }

        return text.ToString();
    }

    /// <summary><c>tools</c>: the Responses function shape, <c>{"type":"function","name",...}</c> without a nested
    /// <c>function</c>; built-in tools (web search, file search) are refused, as the local servers refuse them.</summary>
    private static bool TryReadTools(JsonElement root, out List<ChatScriptTool>? tools, out string? error) =>
        ChatRequestReader.TryReadTools(
            root,
            static tool => ChatRequestReader.String(tool, "type") == "function" ? tool : null,
            "must be {\"type\":\"function\",\"name\":...}; this server serves function tools only.",
            out tools,
            out error);

    /// <summary><c>tool_choice</c>: a string, or <c>{"type":"function","name":"X"}</c>.</summary>
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

        return choice.ValueKind == JsonValueKind.Object && ChatRequestReader.String(choice, "type") == "function"
            ? ("function", ChatRequestReader.String(choice, "name"))
            : (null, null);
    }

    /// <summary><c>text.format</c>: <c>{"type":"json_schema","name","schema","strict"}</c> (flat, unlike chat's
    /// <c>response_format.json_schema</c>), <c>json_object</c> or <c>text</c>.</summary>
    private static ChatScriptResponseFormat? ReadFormat(JsonElement root)
    {
        if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.Object
            || !text.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Object
            || ChatRequestReader.String(format, "type") is not { } type)
        {
            return null;
        }

        var schema = format.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetRawText() : null;
        return new ChatScriptResponseFormat(type, ChatRequestReader.String(format, "name"), schema);
    }
}
