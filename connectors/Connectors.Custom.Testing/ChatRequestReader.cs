using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Reads a chat completions request body into what the chat script needs, or says what is wrong with it.</summary>
internal static class ChatRequestReader
{
    public static bool TryRead(string body, string defaultModel, out ChatScriptRequest? request, out bool includeUsage, out string? error)
    {
        request = null;
        includeUsage = false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = $"We could not parse the JSON body of your request: {ex.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return false;
            }

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

                list.Add(new ChatScriptMessage(role.GetString()!, ReadText(message)));
            }

            var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String && modelElement.GetString() is { Length: > 0 } named
                ? named
                : defaultModel;
            var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
            includeUsage = stream
                && root.TryGetProperty("stream_options", out var streamOptions)
                && streamOptions.ValueKind == JsonValueKind.Object
                && streamOptions.TryGetProperty("include_usage", out var usage)
                && usage.ValueKind == JsonValueKind.True;

            request = new ChatScriptRequest(model, list, stream, body);
            error = null;
            return true;
        }
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
}
