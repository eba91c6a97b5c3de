using System.Net;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The vLLM profile checks tool schemas as a grammar-constrained server does, with llama.cpp's error text.</summary>
public sealed class ToolSchemaValidationTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""", "{\"anyOf\":")]
    [InlineData("""{"type":"object","properties":{"page":{"$ref":"#/$defs/Page"}},"$defs":{"Page":{"type":"integer"}}}""", "{\"type\":\"object\"")]
    [InlineData("""{"type":"object","properties":{"url":{"type":"string","format":"uri"}}}""", "{\"type\":\"string\",\"format\":\"uri\"}")]
    [InlineData("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}}}}""", "{\"type\":\"string\",\"pattern\"")]
    public async Task Vllm_RejectsWhatAGrammarCannotPlace_WithLlamaCppText(string schema, string namedNode)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = WireProfile.Vllm });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Request(schema));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var envelope = error.RootElement.TryGetProperty("error", out var nested) ? nested : error.RootElement;
        var message = envelope.GetProperty("message").GetString()!;
        Assert.StartsWith("JSON schema conversion failed:\nUnrecognized schema: ", message, StringComparison.Ordinal);
        Assert.Contains(namedNode, message, StringComparison.Ordinal);
        Assert.Equal(0, server.Statistics.ChatCompletions);
    }

    [Theory]
    [InlineData(WireProfile.Vllm, """{"type":"object","properties":{"limit":{"type":["integer","null"]},"day":{"type":"string","format":"date"},"mode":{"type":"string","enum":["a","b"]},"extra":{"type":"object","properties":{}}},"required":["day"]}""")]
    [InlineData(WireProfile.OpenAI, """{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""")]
    public async Task PlainSchemas_AndOtherProfiles_AreAccepted(WireProfile profile, string schema)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Request(schema));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Request(string schema) => new(
        $$$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{{{schema}}}}}]}""",
        Encoding.UTF8,
        "application/json");
}
