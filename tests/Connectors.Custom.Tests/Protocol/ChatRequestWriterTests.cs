using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Protocol;

public sealed class ChatRequestWriterTests
{
    private static JsonElement Write(IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false, CustomChatCompletionOptions? settings = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            settings ??= new CustomChatCompletionOptions();
            ChatRequestWriter.Write(writer, messages, options, "m", stream, settings, settings.Quirks);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    private static JsonElement Message(JsonElement body, int index) => body.GetProperty("messages")[index];

    [Fact]
    public void TextMessages_UseStringContentAndRoles()
    {
        var body = Write([new(ChatRole.System, "sys"), new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(new ChatRole("developer"), "dev")]);

        Assert.Equal("m", body.GetProperty("model").GetString());
        // The generic profile sends 'developer' as 'system' (most compatible servers do not know it).
        Assert.Equal(["system", "user", "assistant", "system"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("hi", Message(body, 1).GetProperty("content").GetString());
        Assert.False(body.TryGetProperty("stream", out _));
    }

    [Fact]
    public void ToolCallsAndResults_UseProtocolShape()
    {
        var call = new FunctionCallContent("call_1", "Math_Add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        var body = Write([
            new(ChatRole.User, "add"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", 3), new FunctionResultContent("call_2", new { ok = true })]),
        ]);

        var assistant = Message(body, 1);
        Assert.False(assistant.TryGetProperty("content", out _));
        var wireCall = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_1", wireCall.GetProperty("id").GetString());
        Assert.Equal("function", wireCall.GetProperty("type").GetString());
        Assert.Equal("Math_Add", wireCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"a":1,"b":"x"}""", wireCall.GetProperty("function").GetProperty("arguments").GetString());

        Assert.Equal("tool", Message(body, 2).GetProperty("role").GetString());
        Assert.Equal("call_1", Message(body, 2).GetProperty("tool_call_id").GetString());
        Assert.Equal("3", Message(body, 2).GetProperty("content").GetString());
        Assert.Equal("call_2", Message(body, 3).GetProperty("tool_call_id").GetString());
        Assert.Equal("""{"ok":true}""", Message(body, 3).GetProperty("content").GetString());
        Assert.Equal(4, body.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public void ImageBytes_BecomeDataUriParts_AndUrlsStayUrls()
    {
        var body = Write([new(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png"), new UriContent("https://example.com/cat.jpg", "image/jpeg")])]);

        var parts = Message(body, 0).GetProperty("content");
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64,AQID", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://example.com/cat.jpg", parts[2].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public void ReasoningFromEarlierTurns_IsNotReplayed()
    {
        var body = Write([new(ChatRole.Assistant, [new TextReasoningContent("thinking..."), new TextContent("answer")]), new(ChatRole.Assistant, [new TextReasoningContent("only thoughts")])]);

        Assert.Equal(1, body.GetProperty("messages").GetArrayLength());
        Assert.Equal("answer", Message(body, 0).GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(AuthorNamePolicy.UserMessagesOnly, true, false)]
    [InlineData(AuthorNamePolicy.AllMessages, true, true)]
    [InlineData(AuthorNamePolicy.Never, false, false)]
    public void AuthorNames_FollowThePolicy(AuthorNamePolicy policy, bool onUser, bool onAssistant)
    {
        var body = Write(
            [new(ChatRole.User, "hi") { AuthorName = "Ann Lee" }, new(ChatRole.Assistant, "yo") { AuthorName = "bot" }],
            settings: new CustomChatCompletionOptions { AuthorNames = policy });

        Assert.Equal(onUser, Message(body, 0).TryGetProperty("name", out var userName));
        Assert.Equal(onAssistant, Message(body, 1).TryGetProperty("name", out _));
        if (onUser)
        {
            Assert.Equal("Ann_Lee", userName.GetString());
        }
    }

    [Fact]
    public void TypedOptions_UseOpenAiNames_AndMaxTokensStaysMaxTokens()
    {
        var body = Write([new(ChatRole.User, "hi")], new ChatOptions
        {
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 128,
            FrequencyPenalty = 0.5f,
            PresencePenalty = -0.25f,
            Seed = 42,
            StopSequences = ["END"],
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
        });

        Assert.Equal("0.7", body.GetProperty("temperature").GetRawText());
        Assert.Equal("0.9", body.GetProperty("top_p").GetRawText());
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(128, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
        Assert.Equal("0.5", body.GetProperty("frequency_penalty").GetRawText());
        Assert.Equal("-0.25", body.GetProperty("presence_penalty").GetRawText());
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal("END", body.GetProperty("stop")[0].GetString());
        Assert.Equal("low", body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public void AdditionalProperties_PassThroughUnchanged_ButNeverDuplicateTypedFieldsOrSendNulls()
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = 10,
            AdditionalProperties = new()
            {
                ["top_k"] = 20,
                ["repetition_penalty"] = 1.1,
                ["min_p"] = JsonDocument.Parse("0.05").RootElement,
                ["chat_template_kwargs"] = new Dictionary<string, object?> { ["enable_thinking"] = false },
                ["logit_bias"] = new[] { 1, 2 },
                ["max_tokens"] = 99,
                ["user"] = null,
            },
        };

        var body = Write([new(ChatRole.User, "hi")], options);

        Assert.Equal(20, body.GetProperty("top_k").GetInt32());
        Assert.Equal(1.1, body.GetProperty("repetition_penalty").GetDouble());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble());
        Assert.False(body.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(2, body.GetProperty("logit_bias").GetArrayLength());
        Assert.Equal(10, body.GetProperty("max_tokens").GetInt32());
        Assert.Single(body.EnumerateObject(), p => p.Name == "max_tokens");
        Assert.False(body.TryGetProperty("user", out _));
    }

    [Fact]
    public void NoFunctions_MeansNoToolsOrToolChoiceField()
    {
        var body = Write([new(ChatRole.User, "hi")], new ChatOptions { ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true });

        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    public static TheoryData<int, string> ToolModes => new()
    {
        { 0, "\"auto\"" },
        { 1, "\"none\"" },
        { 2, "\"required\"" },
        { 3, """{"type":"function","function":{"name":"Add"}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void Functions_AreOfferedWithTheRequestedToolChoice(int mode, string expectedChoice)
    {
        var function = AIFunctionFactory.Create((int a, int b) => a + b, "Add", "Adds two numbers");
        ChatToolMode toolMode = mode switch { 0 => ChatToolMode.Auto, 1 => ChatToolMode.None, 2 => ChatToolMode.RequireAny, _ => ChatToolMode.RequireSpecific("Add") };

        var body = Write([new(ChatRole.User, "hi")], new ChatOptions { Tools = [function], ToolMode = toolMode, AllowMultipleToolCalls = false });

        var tool = body.GetProperty("tools")[0];
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("Add", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Adds two numbers", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("object", tool.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal(expectedChoice, body.GetProperty("tool_choice").GetRawText());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void JsonSchemaResponseFormat_IsWrappedInJsonSchemaObject()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement;
        var body = Write([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "City", "A city") });

        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("City", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal("string", format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public void JsonModeWithoutSchema_IsJsonObject_AndTextIsOmitted()
    {
        Assert.Equal("json_object", Write([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }).GetProperty("response_format").GetProperty("type").GetString());
        Assert.False(Write([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text }).TryGetProperty("response_format", out _));
    }

    [Fact]
    public void Streaming_AsksForUsageUnlessTurnedOffOrOverridden()
    {
        Assert.True(Write([new(ChatRole.User, "hi")], stream: true).GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.True(Write([new(ChatRole.User, "hi")], stream: true).GetProperty("stream").GetBoolean());
        Assert.False(Write([new(ChatRole.User, "hi")], stream: true, settings: new CustomChatCompletionOptions { IncludeUsageInStream = false }).TryGetProperty("stream_options", out _));

        var custom = Write([new(ChatRole.User, "hi")], new ChatOptions { AdditionalProperties = new() { ["stream_options"] = new Dictionary<string, object?> { ["include_usage"] = true, ["continuous_usage_stats"] = true } } }, stream: true);
        Assert.True(custom.GetProperty("stream_options").GetProperty("continuous_usage_stats").GetBoolean());
        Assert.Single(custom.EnumerateObject(), p => p.Name == "stream_options");
    }

    [Fact]
    public void Instructions_BecomeALeadingSystemMessage()
    {
        var body = Write([new(ChatRole.User, "hi")], new ChatOptions { Instructions = "Be brief." });

        Assert.Equal("system", Message(body, 0).GetProperty("role").GetString());
        Assert.Equal("Be brief.", Message(body, 0).GetProperty("content").GetString());
    }

    [Fact]
    public void AgentBookkeepingContent_IsLeftOut_AndErrorsStayVisibleAsText()
    {
        // Agent Framework workflows forward such content from one agent to the next.
        var body = Write([new(ChatRole.Assistant, [new TextContent("partial draft"), new ErrorContent("content filter tripped"), new HostedFileContent("file-1"), new UsageContent(new UsageDetails())])]);

        Assert.Equal("partial draftError: content filter tripped", Message(body, 0).GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void MoreThanOneChoice_IsRefusedWithANamedError(int n)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["n"] = n } };

        var error = Assert.Throws<NotSupportedException>(() => Write([new ChatMessage(ChatRole.User, "hi")], options));

        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleChoice_IsPassedThrough()
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["n"] = JsonDocument.Parse("1").RootElement } };

        var body = Write([new ChatMessage(ChatRole.User, "hi")], options);

        Assert.Equal(1, body.GetProperty("n").GetInt32());
    }
}
