using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Sends raw requests to a local server and reads its answers as text, for checking what a profile actually
/// sends (the opposite job of the main suite's <c>Wire</c>, which builds answers for a loopback server to send).</summary>
internal static class RawHttp
{
    public static string ChatBody(string prompt, bool stream, bool tools = false, string? extra = null)
    {
        var toolsJson = tools ? ""","tools":[{"type":"function","function":{"name":"Add","parameters":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}}}}}]""" : string.Empty;
        return $$"""{"model":"local-scripted","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{prompt}}"}]{{toolsJson}}{{extra}}}""";
    }

    /// <summary>The server-sent events of a streamed answer: each data payload, or a comment line as <c>: text</c>;
    /// <c>[DONE]</c> included when sent.</summary>
    public static async Task<List<string>> StreamAsync(LocalOpenAIServer server, string body)
    {
        using var http = Clients.Raw();
        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : e)
            .ToList();
    }

    /// <summary>The JSON chunks of a stream (comments and <c>[DONE]</c> left out).</summary>
    public static List<JsonElement> Chunks(IEnumerable<string> events) =>
        events.Where(e => e.StartsWith('{')).Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();

    public static async Task<(int Status, string Body)> PostAsync(LocalOpenAIServer server, string path, string body)
    {
        using var http = Clients.Raw();
        using var response = await http.PostAsync(new Uri(server.BaseAddress + path), Clients.Json(body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static JsonElement Delta(JsonElement chunk) => chunk.GetProperty("choices")[0].GetProperty("delta");

    public static bool HasChoices(JsonElement chunk) => chunk.GetProperty("choices").GetArrayLength() > 0;

    public static string? FinishReason(JsonElement chunk) =>
        HasChoices(chunk) && chunk.GetProperty("choices")[0].TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
}
