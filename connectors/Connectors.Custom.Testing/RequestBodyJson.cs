using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Parses a request body for the request readers, with the error text every endpoint answers a bad body with.</summary>
internal static class RequestBodyJson
{
    public static bool TryParse(string body, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        try
        {
            document = JsonDocument.Parse(body);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            error = $"We could not parse the JSON body of your request: {ex.Message}";
            return false;
        }
    }

    /// <summary>Parses a body that must be a JSON object, as the chat and Responses requests are.</summary>
    public static bool TryParseObject(string body, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        if (!TryParse(body, out document, out error))
        {
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = "The request body must be a JSON object.";
            return false;
        }

        return true;
    }
}
