using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Reads the provider's own error text out of the many error body shapes OpenAI-compatible servers use.
/// </summary>
/// <remarks>
/// Shapes handled (see docs/providers.md, section 4.7 "Error bodies"): <c>{"error":{"message",..}}</c> (OpenAI, vLLM, Ollama, Groq,
/// OpenRouter), <c>{"error":"text"}</c> (LM Studio, Fireworks, NIM), flat <c>{"object":"error","message",..}</c>
/// (Mistral, old vLLM) where the message may itself be an object with <c>detail[]</c>, FastAPI
/// <c>{"detail":..}</c>, and flat <c>{"message",..}</c> (Cerebras). Errors are rare, so a <see cref="JsonDocument"/>
/// keeps this readable; the hot paths never call it.
/// </remarks>
internal static class ProviderErrorParser
{
    private const int MaxMessageLength = 2000;

    /// <summary>Parses an error body; returns null when it holds no recognisable error.</summary>
    public static CustomProviderError? TryParse(ReadOnlySpan<byte> body)
    {
        var trimmed = TrimLeadingWhitespace(body);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed.ToArray());
            return FromRoot(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or holds an escaped lone surrogate, which the
            // document accepts and GetString refuses (found by fuzzing). Either way the body is described as text.
            return null;
        }
    }

    /// <summary>Describes a body that is not a JSON error, such as a proxy's HTML page or plain text.</summary>
    public static string DescribeNonJsonBody(ReadOnlySpan<byte> body, string? mediaType)
    {
        var text = Encoding.UTF8.GetString(body.Length > 64 * 1024 ? body[..(64 * 1024)] : body);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the response body was empty";
        }

        var isHtml = (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
            || text.TrimStart().StartsWith('<');
        if (isHtml)
        {
            var title = ExtractHtmlTitle(text);
            return title is null
                ? "the server returned an HTML page instead of JSON (often a proxy or gateway error page)"
                : $"the server returned an HTML page instead of JSON (often a proxy or gateway error page) titled \"{title}\"";
        }

        return Truncate(OneLine(text));
    }

    private static CustomProviderError? FromRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                return FromErrorObject(error) ?? FromErrorObject(root);
            }

            // {"error":"text"} (LM Studio, NIM, Fireworks) and xAI's {"code":"..","error":".."}.
            return new CustomProviderError(Truncate(Flatten(error)), Code: ReadScalar(root, "code"));
        }

        var isErrorObject = root.TryGetProperty("object", out var objectType)
            && objectType.ValueKind == JsonValueKind.String
            && objectType.ValueEquals("error");
        if (isErrorObject || root.TryGetProperty("message", out _))
        {
            return FromErrorObject(root);
        }

        if (root.TryGetProperty("detail", out var detail) && detail.ValueKind != JsonValueKind.Null)
        {
            return new CustomProviderError(Truncate(Flatten(detail)));
        }

        return null;
    }

    private static CustomProviderError? FromErrorObject(JsonElement error)
    {
        string? message = null;
        if (error.TryGetProperty("message", out var messageElement) && messageElement.ValueKind != JsonValueKind.Null)
        {
            message = Flatten(messageElement);
        }
        else if (error.TryGetProperty("detail", out var detail) && detail.ValueKind != JsonValueKind.Null)
        {
            message = Flatten(detail);
        }

        var type = ReadScalar(error, "type");
        var code = ReadScalar(error, "code");
        if (string.IsNullOrWhiteSpace(message))
        {
            if (type is null && code is null)
            {
                return null;
            }

            message = type ?? code!;
        }

        // OpenRouter wraps upstream failures: metadata.raw holds the upstream text, metadata.provider_name its source.
        if (error.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            var provider = ReadScalar(metadata, "provider_name");
            var raw = ReadScalar(metadata, "raw");
            if (raw is not null)
            {
                message = provider is null ? $"{message} ({raw})" : $"{message} ({provider}: {raw})";
            }
        }

        return new CustomProviderError(Truncate(message), type, code, ReadScalar(error, "param"));
    }

    /// <summary>Turns a string, a FastAPI <c>detail[]</c> list or any other JSON value into one line of text.</summary>
    private static string Flatten(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return OneLine(element.GetString() ?? string.Empty);
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var item in element.EnumerateArray())
                {
                    parts.Add(FlattenDetailItem(item));
                }

                return string.Join("; ", parts);
            case JsonValueKind.Object:
                if (element.TryGetProperty("detail", out var detail))
                {
                    return Flatten(detail);
                }

                if (element.TryGetProperty("message", out var message))
                {
                    return Flatten(message);
                }

                return OneLine(element.GetRawText());
            default:
                return element.GetRawText();
        }
    }

    /// <summary>FastAPI/pydantic validation items look like <c>{"loc":["body","x"],"msg":"..","type":".."}</c>.</summary>
    private static string FlattenDetailItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("msg", out var msg))
        {
            return Flatten(item);
        }

        var text = Flatten(msg);
        if (item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array)
        {
            var path = new List<string>();
            foreach (var segment in loc.EnumerateArray())
            {
                path.Add(segment.ValueKind == JsonValueKind.String ? segment.GetString()! : segment.GetRawText());
            }

            return $"{string.Join('.', path)}: {text}";
        }

        return text;
    }

    private static string? ReadScalar(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt64(out var number) ? number.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static string? ExtractHtmlTitle(string html)
    {
        var start = html.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += "<title>".Length;
        var end = html.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return end < 0 ? null : Truncate(OneLine(html[start..end]).Trim());
    }

    private static ReadOnlySpan<byte> TrimLeadingWhitespace(ReadOnlySpan<byte> body)
    {
        // UTF-8 byte order mark, then JSON whitespace (DeepSeek sends blank lines before its JSON).
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        return body.TrimStart(" \t\r\n"u8);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Truncate(string text) => text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "…");
}
