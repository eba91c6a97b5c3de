using System.Text.Json.Serialization;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Tests.SemanticKernel;

/// <summary>Prompts, settings, streaming and result metadata through <see cref="Kernel"/> and the SK service.</summary>
public sealed class KernelChatTests : LoopbackTest
{

    private Kernel CreateKernel() => Kernel.CreateBuilder().AddCustomChatCompletion(Wire.Model, Server.BaseAddress).Build();

    [Fact]
    public async Task PromptFunction_WithTypedSettings_SendsThemUnderOpenAiNames()
    {
        Server.EnqueueBody(Wire.Completion("Paris"));
        var settings = new CustomPromptExecutionSettings
        {
            Temperature = 0.2,
            TopP = 0.8,
            MaxTokens = 64,
            StopSequences = ["\n\n"],
            Seed = 7,
            PresencePenalty = 0.1,
            FrequencyPenalty = 0.3,
            User = "user-1",
            ReasoningEffort = "minimal",
            ChatSystemPrompt = "Answer in one word.",
            ResponseFormat = "json_object",
            ExtensionData = new Dictionary<string, object> { ["top_k"] = 40, ["repetition_penalty"] = 1.05, ["min_p"] = 0.05 },
        };
        var function = KernelFunctionFactory.CreateFromPrompt("Capital of {{$country}}?", settings);

        var result = await CreateKernel().InvokeAsync(function, new KernelArguments { ["country"] = "France" });

        Assert.Equal("Paris", result.GetValue<string>());
        var body = Server.Requests[0].Json;
        Assert.Equal("0.2", body.GetProperty("temperature").GetRawText());
        Assert.Equal("0.8", body.GetProperty("top_p").GetRawText());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("\n\n", body.GetProperty("stop")[0].GetString());
        Assert.Equal(7, body.GetProperty("seed").GetInt32());
        Assert.Equal("0.1", body.GetProperty("presence_penalty").GetRawText());
        Assert.Equal("0.3", body.GetProperty("frequency_penalty").GetRawText());
        Assert.Equal("user-1", body.GetProperty("user").GetString());
        Assert.Equal("minimal", body.GetProperty("reasoning_effort").GetString());
        Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(1.05, body.GetProperty("repetition_penalty").GetDouble());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble());
        var messages = body.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Answer in one word.", messages[0].GetProperty("content").GetString());
        Assert.Equal("Capital of France?", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task PromptConfigFromJson_ExtensionDataKeys_AreMappedOrPassedThrough()
    {
        Server.EnqueueBody(Wire.Completion("ok"));
        var config = PromptTemplateConfig.FromJson("""
            {
              "template": "Say ok",
              "execution_settings": {
                "default": { "temperature": 0.5, "max_tokens": 20, "stop_sequences": ["END"], "top_k": 10,
                             "chat_template_kwargs": { "enable_thinking": false },
                             "response_format": { "type": "json_schema", "json_schema": { "name": "Reply", "schema": { "type": "object" } } } }
              }
            }
            """);

        await CreateKernel().InvokeAsync(KernelFunctionFactory.CreateFromPrompt(config));

        var body = Server.Requests[0].Json;
        Assert.Equal("0.5", body.GetProperty("temperature").GetRawText());
        Assert.Equal(20, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("END", body.GetProperty("stop")[0].GetString());
        Assert.Equal(10, body.GetProperty("top_k").GetInt32());
        Assert.False(body.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
        Assert.Equal("Reply", body.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
        Assert.False(body.TryGetProperty("stop_sequences", out _));
    }

    [Fact]
    public void FromExecutionSettings_OtherConnectorsSettings_AreReadByJsonName()
    {
        var foreign = new OtherConnectorSettings { MaxTokens = 12, Temperature = 0.4, InternalFlag = true, ExtensionData = new Dictionary<string, object> { ["top_k"] = 3 } };

        var converted = CustomPromptExecutionSettings.FromExecutionSettings(foreign);

        Assert.Equal(12, converted.MaxTokens);
        Assert.Equal(0.4, converted.Temperature);
        Assert.Equal(3, converted.ExtensionData!["top_k"]);
        Assert.False(converted.ExtensionData.ContainsKey("internal_flag"));
    }

    [Fact]
    public void FromExecutionSettings_WrongValueType_NamesTheKey()
    {
        var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["temperature"] = "hot" } };

        var error = Assert.Throws<ArgumentException>(() => CustomPromptExecutionSettings.FromExecutionSettings(settings));

        Assert.Contains("'temperature'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_FrozenAndCloned_BehaveLikeSkSettings()
    {
        var settings = new CustomPromptExecutionSettings { Temperature = 1, StopSequences = ["x"] };
        var clone = (CustomPromptExecutionSettings)settings.Clone();
        settings.Freeze();

        Assert.Throws<InvalidOperationException>(() => settings.Temperature = 0);
        clone.StopSequences!.Add("y");
        Assert.Equal(["x"], settings.StopSequences);
        Assert.Equal(1, clone.Temperature);
    }

    [Fact]
    public async Task Result_CarriesUsageFinishReasonIdCreatedAndModel()
    {
        Server.EnqueueBody("""{"id":"resp-9","created":1700000123,"model":"served-model","system_fingerprint":"fp_1","choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":1}}}""");

        var result = await CreateKernel().GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("hello");

        var usage = Assert.IsType<UsageDetails>(result.Metadata!["Usage"]);
        Assert.Equal(3, usage.InputTokenCount);
        Assert.Equal(4, usage.OutputTokenCount);
        Assert.Equal(1, usage.CachedInputTokenCount);
        Assert.Equal("length", result.Metadata["FinishReason"]);
        Assert.Equal("resp-9", result.Metadata["Id"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000123), result.Metadata["Created"]);
        Assert.Equal("fp_1", result.Metadata["SystemFingerprint"]);
        Assert.Equal("served-model", result.ModelId);
        Assert.Equal(AuthorRole.Assistant, result.Role);
    }

    [Fact]
    public async Task Reasoning_IsAReasoningItem_NotPartOfContent()
    {
        Server.EnqueueBody("""{"choices":[{"message":{"role":"assistant","content":"42","reasoning_content":"6*7"},"finish_reason":"stop"}]}""");

        var result = await CreateKernel().GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("answer?");

        Assert.Equal("42", result.Content);
        Assert.Equal("6*7", Assert.Single(result.Items.OfType<ReasoningContent>()).Text);
    }

    [Fact]
    public async Task Streaming_ThroughTheService_DeliversTextReasoningUsageAndFinishReason()
    {
        Server.EnqueueEvents([
            Wire.Chunk("""{"role":"assistant","reasoning_content":"hmm"}"""),
            Wire.TextChunk("Hi"),
            Wire.TextChunk("!", "stop"),
            Wire.UsageChunk(4, 2),
        ]);
        var updates = new List<StreamingChatMessageContent>();

        await foreach (var update in CreateKernel().GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.Equal("Hi!", string.Concat(updates.Select(u => u.Content)));
        Assert.Equal("hmm", Assert.Single(updates.SelectMany(u => u.Items).OfType<StreamingReasoningContent>()).Text);
        Assert.Contains(updates, u => u.Metadata?["FinishReason"] as string == "stop");
        var usage = Assert.Single(updates.Select(u => u.Metadata?["Usage"]).OfType<UsageDetails>());
        Assert.Equal(6, usage.TotalTokenCount);
        Assert.All(updates, u => Assert.Equal(Wire.Model, u.ModelId));
    }

    [Fact]
    public async Task PromptStreaming_ThroughTheKernel_YieldsText()
    {
        Server.EnqueueEvents([Wire.TextChunk("a"), Wire.TextChunk("b", "stop")]);

        var text = string.Empty;
        await foreach (var chunk in CreateKernel().InvokePromptStreamingAsync("go"))
        {
            text += chunk.ToString();
        }

        Assert.Equal("ab", text);
        Assert.True(Server.Requests[0].Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task ImagesInChatHistory_AreSentAsDataUris()
    {
        Server.EnqueueBody(Wire.Completion("a cat"));
        var history = new ChatHistory();
        history.AddUserMessage([new Microsoft.SemanticKernel.TextContent("what is it?"), new ImageContent(new byte[] { 0xFF, 0xD8 }, "image/jpeg"), new ImageContent(new Uri("https://example.com/x.png"))]);

        await CreateKernel().GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history);

        var parts = Server.Requests[0].Json.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("data:image/jpeg;base64,/9g=", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://example.com/x.png", parts[2].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task HttpFailure_SurfacesAsHttpOperationException()
    {
        Server.EnqueueBody("""{"error":{"message":"Insufficient Balance"}}""", 402);

        var error = await Assert.ThrowsAnyAsync<HttpOperationException>(() => CreateKernel().InvokePromptAsync("hi"));

        Assert.Equal(System.Net.HttpStatusCode.PaymentRequired, error.StatusCode);
        Assert.Contains("Insufficient Balance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssistantNames_AreNotSentByDefault_UserNamesAre()
    {
        Server.EnqueueBody(Wire.Completion());
        var history = new ChatHistory();
        history.Add(new ChatMessageContent(AuthorRole.User, "hi") { AuthorName = "alice" });
        history.Add(new ChatMessageContent(AuthorRole.Assistant, "hello") { AuthorName = "writer" });

        await CreateKernel().GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history);

        var messages = Server.Requests[0].Json.GetProperty("messages");
        Assert.Equal("alice", messages[0].GetProperty("name").GetString());
        Assert.False(messages[1].TryGetProperty("name", out _));
    }

    private sealed class OtherConnectorSettings : PromptExecutionSettings
    {
        [JsonPropertyName("max_tokens")]
        public int? MaxTokens { get; set; }

        [JsonPropertyName("temperature")]
        public double? Temperature { get; set; }

        [JsonPropertyName("internal_flag")]
        public bool InternalFlag { get; set; }
    }
}
