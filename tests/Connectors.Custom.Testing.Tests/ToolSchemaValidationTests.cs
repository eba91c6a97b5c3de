using System.Net;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The llama.cpp and vLLM profiles check tool schemas as grammar-constrained servers do, with llama.cpp's error text.</summary>
public sealed class ToolSchemaValidationTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""", "{\"anyOf\":")]
    [InlineData("""{"type":"object","properties":{"page":{"$ref":"#/$defs/Page"}},"$defs":{"Page":{"type":"integer"}}}""", "{\"type\":\"object\"")]
    [InlineData("""{"type":"object","properties":{"url":{"type":"string","format":"uri"}}}""", "{\"type\":\"string\",\"format\":\"uri\"}")]
    [InlineData("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}}}}""", "{\"type\":\"string\",\"pattern\"")]
    public async Task Vllm_RejectsWhatAGrammarCannotPlace_WithLlamaCppText(string schema, string namedNode)
    {
        var (error, message) = await RejectionAsync(WireProfile.Vllm, schema);

        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.StartsWith("JSON schema conversion failed:\nUnrecognized schema: ", message, StringComparison.Ordinal);
        Assert.Contains(namedNode, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"route":{"$ref":"#/$defs/Route"}}}""", "Error resolving ref #/$defs/Route: $defs not in {\"type\":\"object\"")]
    [InlineData("""{"type":"object","properties":{"route":{"$ref":"route.json"}}}""", "Unsupported ref: route.json")]
    [InlineData("""{"type":"object","properties":{"code":{"type":"string","pattern":"[A-Z]{3}"}}}""", "Pattern must start with '^' and end with '$'")]
    [InlineData("""{"type":"object","properties":{"when":{"anyOf":[{"type":"datetime"},{"type":"null"}]}}}""", "Unrecognized schema: {\"type\":\"datetime\"}")]
    public async Task LlamaCpp_RejectsWhatItsConverterCannotPlace_WithItsErrorText(string schema, string problem)
    {
        var (error, message) = await RejectionAsync(WireProfile.LlamaCpp, schema);

        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(error.TryGetProperty("param", out _));
        Assert.StartsWith("JSON schema conversion failed:\n", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireProfile.LlamaCpp, """{"type":"object","properties":{"route":{"$ref":"#/$defs/Route"},"stops":{"anyOf":[{"type":"integer"},{"type":"null"}]},"url":{"type":"string","format":"uri"},"code":{"type":"string","pattern":"^[A-Z]{3}$"},"any":{"description":"Anything."},"map":{"type":"object"}},"$defs":{"Route":{"type":"object","properties":{"from":{"type":"string"}}}}}""")]
    [InlineData(WireProfile.Vllm, """{"type":"object","properties":{"limit":{"type":["integer","null"]},"day":{"type":"string","format":"date"},"mode":{"type":"string","enum":["a","b"]},"extra":{"type":"object","properties":{}}},"required":["day"]}""")]
    [InlineData(WireProfile.OpenAI, """{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""")]
    public async Task PlainSchemas_AndOtherProfiles_AreAccepted(WireProfile profile, string schema)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Request(schema));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Sends one request offering a tool with <paramref name="schema"/>: it must be refused with 400 before the
    /// chat script runs. Returns the error object and its message.</summary>
    private static async Task<(JsonElement Error, string Message)> RejectionAsync(WireProfile profile, string schema)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Request(schema));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, server.Statistics.ChatCompletions);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();
        return (error, error.GetProperty("message").GetString()!);
    }

    private static StringContent Request(string schema) => new(
        $$$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{{{schema}}}}}]}""",
        Encoding.UTF8,
        "application/json");
}
