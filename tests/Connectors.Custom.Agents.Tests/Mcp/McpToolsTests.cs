using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Custom.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Agents.Tests.Mcp;

/// <summary>
/// Tools from a real MCP server (in-process) used by an Agent Framework agent and by Semantic Kernel functions over
/// our connector, against the local server in each wire profile with the matching preset: schemas each server can
/// take, nested arguments arriving at the MCP server as JSON values, and the tool's text and structured content
/// reaching the model.
/// </summary>
public sealed class McpToolsTests
{
    private const string FlightArguments = """{"route":{"from":"OSL","to":"BGO"},"date":"2026-12-24","cabin":"economy","maxStops":null,"passengers":[{"name":"Ann","age":34},{"name":"Bo"}],"preferences":{"meal":"vegan"}}""";

    /// <summary>The connector preset and the wire profile of the server it talks to.</summary>
    public static TheoryData<string, WireProfile> Servers { get; } = new()
    {
        { "LlamaCpp", WireProfile.LlamaCpp },
        { "vLLM", WireProfile.Vllm },
        { "Ollama", WireProfile.Ollama },
        { "OpenAI", WireProfile.OpenAI },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Agent_calls_an_MCP_tool_with_nested_arguments_and_reads_its_result(string preset, WireProfile profile)
    {
        await using var mcp = await InProcessMcpServer.StartAsync();
        IList<AITool> tools = [.. await mcp.Client.ListToolsAsync()];
        await using var server = await StartModelAsync(profile);
        using var client = CreateClient(preset, server);
        var agent = client.AsAIAgent("You book travel.", "Travel", tools: tools);

        var updates = new List<AgentResponseUpdate>();
        await foreach (var update in agent.RunStreamingAsync("Find flights from OSL to BGO.", await agent.CreateSessionAsync()))
        {
            updates.Add(update);
        }

        AssertCalledWithJsonValues(Assert.Single(mcp.Calls));
        var answer = string.Concat(updates.Select(u => u.Text));
        Assert.StartsWith("Answer from: ", answer, StringComparison.Ordinal);
        AssertSchemasAndResults(preset, server.Requests, schemaAsPublished: true);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Kernel_functions_from_MCP_tools_are_called_with_nested_arguments(string preset, WireProfile profile)
    {
        await using var mcp = await InProcessMcpServer.StartAsync();
        var tools = await mcp.Client.ListToolsAsync();
        await using var server = await StartModelAsync(profile);
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(o => Configure(o, preset, server));
        builder.Plugins.AddFromFunctions("Travel", tools.Select(t => t.AsKernelFunction()));
        var kernel = builder.Build();

        var result = await kernel.InvokePromptAsync("Find flights from OSL to BGO.", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        AssertCalledWithJsonValues(Assert.Single(mcp.Calls));
        Assert.StartsWith("Answer from: ", result.GetValue<string>(), StringComparison.Ordinal);

        // Semantic Kernel rebuilds a kernel function's schema from its parameters and leaves the root's $defs behind,
        // so a $ref is dangling by the time it reaches the connector: local presets send a plain object in its place.
        AssertSchemasAndResults(preset, server.Requests, schemaAsPublished: false);
    }

    [Theory]
    [InlineData(WireProfile.LlamaCpp)]
    [InlineData(WireProfile.Vllm)]
    public async Task Generic_profile_learns_the_schemas_a_grammar_server_accepts_from_its_rejection(WireProfile profile)
    {
        // The local server's llama.cpp and vLLM profiles reject what their grammar converter cannot place (llama.cpp:
        // the unanchored pattern), with llama.cpp's text; the generic profile sends the MCP schema as published,
        // learns from the 400, and sends plain schemas from then on.
        await using var mcp = await InProcessMcpServer.StartAsync();
        IList<AITool> tools = [.. await mcp.Client.ListToolsAsync()];
        await using var server = await StartModelAsync(profile);
        using var client = CreateClient("Generic", server);
        var agent = client.AsAIAgent("You book travel.", "Travel", tools: tools);

        var first = await agent.RunAsync("Find flights from OSL to BGO.");
        var second = await agent.RunAsync("Find flights from OSL to BGO.");

        Assert.Equal(2, mcp.Calls.Count);
        Assert.All(mcp.Calls, AssertCalledWithJsonValues);
        Assert.StartsWith("Answer from: ", first.Text, StringComparison.Ordinal);
        Assert.StartsWith("Answer from: ", second.Text, StringComparison.Ordinal);
        var chat = server.Requests.Where(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, chat.Count);
        Assert.Contains("anyOf", chat[0].Body, StringComparison.Ordinal);
        Assert.All(chat.Skip(1), r => Assert.DoesNotContain("anyOf", r.Body, StringComparison.Ordinal));
        Assert.All(chat.Skip(1), r => Assert.DoesNotContain("$ref", r.Body, StringComparison.Ordinal));
        Assert.All(chat.Skip(1), r => Assert.DoesNotContain("\"pattern\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kernel_on_the_generic_profile_learns_from_llama_cpp_refusing_the_dangling_reference()
    {
        // Through SK the root's $defs is gone, so llama.cpp cannot resolve the $ref ("Error resolving ref"): the first
        // request is refused, the profile learns plain schemas, and the function call goes through on the re-sent one.
        await using var mcp = await InProcessMcpServer.StartAsync();
        var tools = await mcp.Client.ListToolsAsync();
        await using var server = await StartModelAsync(WireProfile.LlamaCpp);
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(o => Configure(o, "Generic", server));
        builder.Plugins.AddFromFunctions("Travel", tools.Select(t => t.AsKernelFunction()));

        var result = await builder.Build().InvokePromptAsync("Find flights from OSL to BGO.", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        AssertCalledWithJsonValues(Assert.Single(mcp.Calls));
        Assert.StartsWith("Answer from: ", result.GetValue<string>(), StringComparison.Ordinal);
        var chat = server.Requests.Where(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, chat.Count);
        Assert.Contains("#/$defs/Route", chat[0].Body, StringComparison.Ordinal);
        Assert.All(chat.Skip(1), r => Assert.DoesNotContain("$ref", r.Body, StringComparison.Ordinal));
    }

    private static Task<LocalOpenAIServer> StartModelAsync(WireProfile profile) => LocalOpenAIServer.StartAsync(new LocalServerOptions
    {
        WireProfile = profile,
        ChatScript = new ScriptedChat()
            .WhenUserSays("flights")
            .CallTool("SearchFlights", FlightArguments)
            .ThenReply(request => $"Answer from: {request.LastToolResult}"),
    });

    private static CustomChatClient CreateClient(string preset, LocalOpenAIServer server)
    {
        var options = new CustomChatCompletionOptions();
        Configure(options, preset, server);
        return new CustomChatClient(options);
    }

    private static void Configure(CustomChatCompletionOptions options, string preset, LocalOpenAIServer server)
    {
        options.Provider = preset;
        options.Endpoint = server.BaseAddress;
        options.ModelId = LocalServerOptions.DefaultChatModelId;
        options.ApiKey = "local-test-key";
    }

    /// <summary>The MCP server received the model's arguments as JSON values: an object, an array of objects, a null,
    /// a free-form object; never a JSON string holding them.</summary>
    private static void AssertCalledWithJsonValues((string Tool, JsonElement Arguments) call)
    {
        var (tool, arguments) = call;
        Assert.Equal("SearchFlights", tool);
        Assert.Equal("BGO", arguments.GetProperty("route").GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Array, arguments.GetProperty("passengers").ValueKind);
        Assert.Equal(34, arguments.GetProperty("passengers")[0].GetProperty("age").GetInt32());
        Assert.Equal(JsonValueKind.Null, arguments.GetProperty("maxStops").ValueKind);
        Assert.Equal("vegan", arguments.GetProperty("preferences").GetProperty("meal").GetString());
    }

    /// <summary>Local servers were sent schemas without the constructs their grammars reject, OpenAI the schema as the
    /// MCP server published it; the model received the tool's text and its structured content.</summary>
    private static void AssertSchemasAndResults(string preset, IReadOnlyList<Connectors.Custom.Testing.RecordedRequest> requests, bool schemaAsPublished)
    {
        var chat = requests.Where(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, chat.Count);
        using var first = JsonDocument.Parse(chat[0].Body);
        var search = first.RootElement.GetProperty("tools").EnumerateArray()
            .Select(t => t.GetProperty("function"))
            .Single(f => f.GetProperty("name").GetString()!.EndsWith("SearchFlights", StringComparison.Ordinal));
        var parameters = search.GetProperty("parameters");
        if (preset == "OpenAI")
        {
            Assert.Equal(schemaAsPublished, JsonNode.DeepEquals(JsonNode.Parse(InProcessMcpServer.SearchFlightsSchema), JsonNode.Parse(parameters.GetRawText())));
            Assert.Contains("anyOf", parameters.GetRawText(), StringComparison.Ordinal);
        }
        else
        {
            var text = parameters.GetRawText();
            Assert.DoesNotContain("$ref", text, StringComparison.Ordinal);
            Assert.DoesNotContain("anyOf", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"format\"", text, StringComparison.Ordinal);
            var properties = parameters.GetProperty("properties");
            var route = properties.GetProperty("route");
            Assert.Equal("object", route.GetProperty("type").GetString());
            Assert.Equal("Where from and where to.", route.GetProperty("description").GetString());
            if (schemaAsPublished)
            {
                Assert.Equal("string", route.GetProperty("properties").GetProperty("from").GetProperty("type").GetString());
                Assert.Equal("(pattern: ^[A-Z]{3}$)", route.GetProperty("properties").GetProperty("from").GetProperty("description").GetString());
            }

            Assert.Equal(["integer", "null"], properties.GetProperty("maxStops").GetProperty("type").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(["economy", "business"], properties.GetProperty("cabin").GetProperty("enum").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal("(format: date)", properties.GetProperty("date").GetProperty("description").GetString());
        }

        using var second = JsonDocument.Parse(chat[1].Body);
        var toolMessage = second.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        var content = toolMessage.GetProperty("content").GetString()!;
        Assert.Contains("2 flights OSL-BGO", content, StringComparison.Ordinal);
        Assert.Contains("SK123", content, StringComparison.Ordinal);
    }
}
