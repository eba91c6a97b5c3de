using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Chat;

public sealed class ToolSelectionTests : LoopbackTest
{
    /// <summary>Forty tools, as a large MCP server offers them: tool_00 … tool_39, plus two with a plugin prefix.</summary>
    private static readonly List<AITool> Many =
    [
        .. Enumerable.Range(0, 40).Select(i => AIFunctionFactory.Create(() => i, $"tool_{i:00}")),
        AIFunctionFactory.Create(() => "sunny", "Weather_forecast"),
        AIFunctionFactory.Create(() => "2", "Math_add"),
    ];

    private static string[] Offered(ChatOptions? options) => options!.Tools!.Select(t => t.Name).ToArray();

    [Fact]
    public void WithoutACap_OrUnderIt_TheOptionsAreUntouched()
    {
        var options = new ChatOptions { Tools = Many };

        Assert.Same(options, ToolSelection.Apply(options, [new(ChatRole.User, "hi")], maxTools: null));
        Assert.Same(options, ToolSelection.Apply(options, [new(ChatRole.User, "hi")], maxTools: 42));
    }

    [Fact]
    public void NamedInThePrompt_ComeFirst_ThenTheCallersOrder_SentInTheCallersOrder()
    {
        var options = new ChatOptions { Tools = Many };

        var chosen = ToolSelection.Apply(options, [new(ChatRole.User, "Use forecast, then tool_31 (not an address).")], maxTools: 4);

        Assert.Equal(["tool_00", "tool_01", "tool_31", "Weather_forecast"], Offered(chosen));
        Assert.Equal(42, options.Tools!.Count);
    }

    [Fact]
    public void RequiredFunction_AndFunctionsCalledSinceTheLastUserMessage_AreKept()
    {
        ChatMessage[] loop =
        [
            new(ChatRole.User, "Earlier: tool_05."),
            new(ChatRole.Assistant, "ok"),
            new(ChatRole.User, "What is 1 + 1?"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "Math_add")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", 2)]),
        ];

        var chosen = ToolSelection.Apply(new ChatOptions { Tools = Many, ToolMode = ChatToolMode.RequireSpecific("tool_20") }, loop, maxTools: 3);

        Assert.Equal(["tool_00", "tool_20", "Math_add"], Offered(chosen));
    }

    [Fact]
    public async Task TheCap_AppliesToTheRequest_AndToToolCallsReadFromText()
    {
        Server.EnqueueBody(Wire.Completion("<tool_call>{\\\"name\\\": \\\"tool_39\\\", \\\"arguments\\\": {}}</tool_call>"));
        var client = new CustomChatClient(new CustomChatCompletionOptions
        {
            Provider = "Ollama",
            Endpoint = Server.BaseAddress,
            ModelId = Wire.Model,
            MaxToolsPerRequest = 5,
            Resilience = { Enabled = false },
        });

        var response = await client.GetResponseAsync("Run Weather_forecast.", new ChatOptions { Tools = Many });

        var tools = Server.Requests.Single().Json.GetProperty("tools");
        Assert.Equal(["tool_00", "tool_01", "tool_02", "tool_03", "Weather_forecast"], tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.Empty(response.Messages[0].Contents.OfType<FunctionCallContent>());
    }

    [Fact]
    public void CapBelowOne_IsRejectedWithItsName()
    {
        var options = new CustomChatCompletionOptions { Endpoint = new Uri("http://localhost:1/v1"), ModelId = "m", MaxToolsPerRequest = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("MaxToolsPerRequest", error.Message, StringComparison.Ordinal);
    }
}
