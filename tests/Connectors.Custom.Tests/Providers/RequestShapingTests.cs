using System.Buffers;
using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Providers;

/// <summary>Each preset's rules, checked against the wire format the provider documents.</summary>
public sealed class RequestShapingTests
{
    private static JsonElement Write(string provider, IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false)
    {
        // Resolve applies the preset as registration does; the address only satisfies validation.
        var settings = new CustomChatCompletionOptions { ModelId = "m", Provider = provider, Endpoint = new Uri("http://127.0.0.1:1/v1") }.Resolve();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ChatRequestWriter.Write(writer, messages, options, "m", stream, settings, settings.Quirks);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hi") { AuthorName = "ann" }];

    [Fact]
    public void OpenAI_SendsMaxCompletionTokens_AndKeepsTheDeveloperRole()
    {
        var body = Write("OpenAI", [new(new ChatRole("developer"), "rules"), new(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 50 });

        Assert.Equal(50, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.Equal("developer", body.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    private const string NullableSchema = """{"type":"object","properties":{"limit":{"anyOf":[{"type":"integer"},{"type":"null"}]},"url":{"type":"string","format":"uri"}}}""";

    [Theory]
    [InlineData("LlamaCpp")]
    [InlineData("vLLM")]
    [InlineData("Ollama")]
    [InlineData("LMStudio")]
    public void LocalPresets_WriteToolSchemasTheirGrammarAccepts_AndNeverStrict(string provider)
    {
        var tool = new DeclaredFunction("fetch", NullableSchema, strict: true);

        var function = Write(provider, Hello, new ChatOptions { Tools = [tool] }).GetProperty("tools")[0].GetProperty("function");

        var limit = function.GetProperty("parameters").GetProperty("properties").GetProperty("limit");
        Assert.Equal(["integer", "null"], limit.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.False(function.GetProperty("parameters").GetProperty("properties").GetProperty("url").TryGetProperty("format", out _));
        Assert.False(function.TryGetProperty("strict", out _));
    }

    [Fact]
    public void OpenAI_KeepsSchemas_AndSendsStrictWhenTheFunctionAsks()
    {
        var body = Write("OpenAI", Hello, new ChatOptions { Tools = [new DeclaredFunction("fetch", NullableSchema, strict: true), new DeclaredFunction("other", NullableSchema, strict: false)] });
        var generic = Write("Generic", Hello, new ChatOptions { Tools = [new DeclaredFunction("fetch", NullableSchema, strict: true)] });

        var strict = body.GetProperty("tools")[0].GetProperty("function");
        Assert.True(strict.GetProperty("strict").GetBoolean());
        Assert.True(strict.GetProperty("parameters").GetProperty("properties").GetProperty("limit").TryGetProperty("anyOf", out _));
        Assert.False(body.GetProperty("tools")[1].GetProperty("function").TryGetProperty("strict", out _));
        Assert.False(generic.GetProperty("tools")[0].GetProperty("function").TryGetProperty("strict", out _));
    }

    /// <summary>A declaration with a given schema and the <c>strict</c> entry M.E.AI's OpenAI client reads.</summary>
    private sealed class DeclaredFunction(string name, string schema, bool strict) : AIFunctionDeclaration
    {
        public override string Name => name;

        public override JsonElement JsonSchema { get; } = JsonDocument.Parse(schema).RootElement;

        public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } = new Dictionary<string, object?> { ["strict"] = strict };
    }

    [Fact]
    public void Mistral_RandomSeed_AnyToolChoice_NoStreamOptions_NoNames()
    {
        var add = AIFunctionFactory.Create((int a) => a, "add");
        var body = Write("Mistral", Hello, new ChatOptions { Seed = 7, Tools = [add], ToolMode = ChatToolMode.RequireAny, AdditionalProperties = new() { ["n"] = 2 } }, stream: true);

        Assert.Equal(7, body.GetProperty("random_seed").GetInt32());
        Assert.False(body.TryGetProperty("seed", out _));
        Assert.Equal("any", body.GetProperty("tool_choice").GetString());
        Assert.False(body.TryGetProperty("stream_options", out _));
        Assert.False(body.TryGetProperty("n", out _));
        Assert.False(body.GetProperty("messages")[0].TryGetProperty("name", out _));
    }

    [Fact]
    public void Mistral_ToolCallIds_AreRewrittenConsistentlyToNineAlphanumerics()
    {
        ChatMessage[] history =
        [
            new(ChatRole.User, "add"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_abc-123_long", "add", new Dictionary<string, object?> { ["a"] = 1 })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_abc-123_long", 1)]),
            new(ChatRole.Assistant, [new FunctionCallContent("gSIMJiOkT", "add")]),
        ];

        var body = Write("Mistral", history);

        var messages = body.GetProperty("messages");
        var rewritten = messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString()!;
        Assert.Matches("^[a-zA-Z0-9]{9}$", rewritten);
        Assert.Equal(rewritten, messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("gSIMJiOkT", messages[3].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal(rewritten, Write("Mistral", history).GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Groq_DropsRejectedParametersAndNames()
    {
        var body = Write("Groq", Hello, new ChatOptions { AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = 2, ["logit_bias"] = new Dictionary<string, object?>(), ["n"] = 1, ["top_k"] = 5 } });

        foreach (var dropped in new[] { "logprobs", "top_logprobs", "logit_bias", "n" })
        {
            Assert.False(body.TryGetProperty(dropped, out _), dropped);
        }

        Assert.Equal(5, body.GetProperty("top_k").GetInt32());
        Assert.False(body.GetProperty("messages")[0].TryGetProperty("name", out _));
    }

    [Fact]
    public void Perplexity_NeverSendsSeedOrStop()
    {
        var body = Write("Perplexity", Hello, new ChatOptions { Seed = 1, StopSequences = ["x"], AdditionalProperties = new() { ["stop"] = "y" } });

        Assert.False(body.TryGetProperty("seed", out _));
        Assert.False(body.TryGetProperty("stop", out _));
    }

    [Theory]
    [InlineData("Ollama", "reasoning")]
    [InlineData("DeepSeek", null)]
    [InlineData("Mistral", null)]
    public void ReasoningReplay_OnlyWithinTheToolLoop_UnderTheProvidersName(string provider, string? field)
    {
        ChatMessage[] history =
        [
            new(ChatRole.User, "first"),
            new(ChatRole.Assistant, [new TextReasoningContent("old thoughts"), new TextContent("old answer")]),
            new(ChatRole.User, "second"),
            new(ChatRole.Assistant, [new TextReasoningContent("current thoughts"), new FunctionCallContent("c1", "add")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", 1)]),
        ];

        var messages = Write(provider, history).GetProperty("messages");

        Assert.False(messages[1].TryGetProperty("reasoning", out _));
        Assert.False(messages[1].TryGetProperty("reasoning_content", out _));
        if (field is null)
        {
            Assert.False(messages[3].TryGetProperty("reasoning", out _));
            Assert.False(messages[3].TryGetProperty("reasoning_content", out _));
        }
        else
        {
            Assert.Equal("current thoughts", messages[3].GetProperty(field).GetString());
        }
    }

    [Fact]
    public async Task Embeddings_NimInputType_MistralOutputDimensionFloatAndBatchOf32()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.ServeEmbeddings(text => EmbeddingServer.BagOfWords(text, 8));
        var nim = new CustomEmbeddingGenerator(new CustomEmbeddingOptions { Provider = "NvidiaNim", Endpoint = server.BaseAddress, ModelId = "nv-embedqa", ApiKey = null }.Resolve());
        var mistral = new CustomEmbeddingGenerator(new CustomEmbeddingOptions { Provider = "Mistral", Endpoint = server.BaseAddress, ModelId = "mistral-embed", Dimensions = 8, ApiKey = null }.Resolve());

        await nim.GenerateAsync(["q"]);
        await nim.GenerateAsync(["q"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "query" } });
        await mistral.GenerateAsync(Enumerable.Range(0, 40).Select(i => $"t {i}").ToList());

        var requests = server.Requests;
        Assert.Equal("passage", requests[0].Json.GetProperty("input_type").GetString());
        Assert.Equal("query", requests[1].Json.GetProperty("input_type").GetString());
        var mistralRequests = requests.Skip(2).ToList();
        Assert.Equal([32, 8], mistralRequests.Select(r => r.Json.GetProperty("input").GetArrayLength()).OrderDescending());
        Assert.All(mistralRequests, r =>
        {
            Assert.Equal("float", r.Json.GetProperty("encoding_format").GetString());
            Assert.Equal(8, r.Json.GetProperty("output_dimension").GetInt32());
            Assert.False(r.Json.TryGetProperty("dimensions", out _));
        });
    }
}
