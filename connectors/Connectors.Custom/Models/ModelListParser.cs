using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Reads a <c>GET /models</c> answer in the shapes servers use: <c>{"data": [...]}</c> (OpenAI and most others), a bare
/// array (Together), or <c>{"models": [...]}</c> (Ollama's and Fireworks' native lists); items are objects with
/// <c>id</c> (or <c>name</c>) or plain strings. Items without an id are skipped; a repeated id is listed once.
/// </summary>
internal static class ModelListParser
{
    // The first of these a model carries is its context length; see CustomModelInfo.ContextLength for whose is whose.
    private static readonly string[] s_contextLengthFields = ["max_model_len", "context_length", "context_window", "max_context_length"];

    /// <summary>Reads the models, or returns false when the body is an error object (an LM Studio 200 with
    /// <c>{"error": "..."}</c>) for the caller to raise with the server's text.</summary>
    /// <exception cref="CustomProtocolException">The body is not JSON, or is JSON of another shape.</exception>
    public static bool TryParse(ReadOnlySpan<byte> json, out List<CustomModelInfo> models)
    {
        models = [];
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.MalformedJson, $"The model list is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (FindList(root) is not { } list)
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                {
                    return false;
                }

                throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, $"The model list is neither {{\"data\": [...]}} nor a JSON array of models; it is a JSON {Describe(root.ValueKind)}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                if (Read(item) is { } model && seen.Add(model.Id))
                {
                    models.Add(model);
                }
            }

            return true;
        }
    }

    private static JsonElement? FindList(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (ReadOnlySpan<string>)["data", "models"])
            {
                if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    return list;
                }
            }
        }

        return null;
    }

    private static CustomModelInfo? Read(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return string.IsNullOrEmpty(item.GetString()) ? null : new CustomModelInfo(item.GetString()!);
        }

        if (item.ValueKind != JsonValueKind.Object
            || !(item.TryGetProperty("id", out var id) || item.TryGetProperty("name", out id))
            || id.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(id.GetString()))
        {
            return null;
        }

        return new CustomModelInfo(id.GetString()!)
        {
            OwnedBy = item.TryGetProperty("owned_by", out var owner) && owner.ValueKind == JsonValueKind.String ? owner.GetString() : null,
            Created = ReadCreated(item),
            ContextLength = ReadContextLength(item),
        };
    }

    private static DateTimeOffset? ReadCreated(JsonElement item)
    {
        // Seconds within DateTimeOffset's range only: a server writing milliseconds or garbage gets no date, not an error.
        const long MaxUnixSeconds = 253402300799;
        return item.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.Number
            && created.TryGetInt64(out var seconds) && seconds is >= 0 and <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private static int? ReadContextLength(JsonElement item)
    {
        foreach (var field in s_contextLengthFields)
        {
            if (item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0)
            {
                return tokens;
            }
        }

        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
