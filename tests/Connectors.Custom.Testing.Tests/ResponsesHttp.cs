using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Raw requests to a local server's <c>/v1/responses</c>, read back as JSON or as named events.</summary>
internal static class ResponsesHttp
{
    public const string AddTool = """[{"type":"function","name":"Add","description":"Adds","parameters":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}}},"strict":false}]""";

    /// <summary>The profiles that serve the Responses API (DeepSeek and Mistral do not).</summary>
    public static IEnumerable<object[]> ServingProfiles() =>
        Enum.GetValues<WireProfile>().Where(p => p is not (WireProfile.DeepSeek or WireProfile.Mistral)).Select(p => new object[] { p });

    public static IEnumerable<object[]> ServingProfilesStreamedAndNot() =>
        ServingProfiles().SelectMany(p => new[] { new[] { p[0], false }, new[] { p[0], true } });

    /// <summary>A request with <paramref name="input"/> as a string or, when it starts with <c>[</c>, as items.</summary>
    public static string Body(string input, bool stream, bool tools = false, string? extra = null)
    {
        var inputJson = input.StartsWith('[') ? input : JsonSerializer.Serialize(input);
        var toolsJson = tools ? ""","tools":""" + AddTool : string.Empty;
        return $$"""{"model":"local-scripted","stream":{{(stream ? "true" : "false")}},"input":{{inputJson}}{{toolsJson}}{{extra}}}""";
    }

    public static async Task<(int Status, JsonElement Json)> PostAsync(LocalOpenAIServer server, string body)
    {
        var (status, text) = await RawHttp.PostAsync(server, "/responses", body);
        return (status, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The events of a streamed answer: each <c>event:</c> name with its data, after checking the name matches
    /// the data's <c>type</c>.</summary>
    public static async Task<List<(string Name, JsonElement Data)>> StreamAsync(LocalOpenAIServer server, string body)
    {
        var (status, text) = await RawHttp.PostAsync(server, "/responses", body);
        Assert.Equal(200, status);
        return Parse(text);
    }

    public static List<(string Name, JsonElement Data)> Parse(string text)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            var data = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add((name, data));
        }

        return events;
    }

    public static string Concat(IEnumerable<(string Name, JsonElement Data)> events, string name, string field = "delta") =>
        string.Concat(events.Where(e => e.Name == name).Select(e => e.Data.GetProperty(field).GetString()));

    public static IEnumerable<JsonElement> Items(JsonElement response, string type) =>
        response.GetProperty("output").EnumerateArray().Where(i => i.GetProperty("type").GetString() == type);

    public static string OutputText(JsonElement response) =>
        string.Concat(Items(response, "message").SelectMany(m => m.GetProperty("content").EnumerateArray()).Select(p => p.GetProperty("text").GetString()));

    public static JsonElement Usage(JsonElement response) => response.GetProperty("usage");
}
