using System.Text;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Protocol;

public sealed class ChatCompletionParserTests
{
    private static ChatCompletionPayload Parse(string json, ChatCompletionPayload? reuse = null)
    {
        var payload = reuse ?? new ChatCompletionPayload();
        ChatCompletionParser.Parse(Encoding.UTF8.GetBytes(json), payload);
        return payload;
    }

    [Fact]
    public void Parse_MinimalBodyWithoutIdObjectCreatedModelUsage_ReadsTheAnswer()
    {
        var payload = Parse("""{"choices":[{"message":{"content":"hi"}}]}""");

        Assert.Null(payload.Id);
        Assert.Null(payload.Model);
        Assert.Null(payload.Created);
        Assert.Null(payload.Usage);
        Assert.Equal("hi", payload.Content);
        Assert.Equal(1, payload.ChoiceCount);
        Assert.False(payload.IsError);
    }

    [Fact]
    public void Parse_UnknownFieldsEverywhere_AreSkipped()
    {
        var payload = Parse("""
            {"id":"x","x_vendor":{"a":[1,{"b":null}],"c":"d"},"citations":["u1","u2"],"object":"chat.completion",
             "choices":[{"index":0,"logprobs":{"content":[]},"native_finish_reason":"EOS","stop_reason":128008,
               "message":{"role":"assistant","content":"ok","annotations":[{"type":"url"}],"audio":null},"finish_reason":"stop"}],
             "timings":{"prompt_n":3},"usage_breakdown":null,"service_tier":"on_demand"}
            """);

        Assert.Equal("x", payload.Id);
        Assert.Equal("ok", payload.Content);
        Assert.Equal("stop", payload.FinishReason);
    }

    [Fact]
    public void Parse_ContentAsTypedBlocks_SeparatesTextFromThinking()
    {
        // Mistral Magistral: thinking blocks hold an array of text parts.
        var payload = Parse("""
            {"choices":[{"message":{"role":"assistant","content":[
              {"type":"thinking","thinking":[{"type":"text","text":"Let me "},{"type":"text","text":"think."}]},
              {"text":"The answer ","type":"text"},{"type":"text","text":"is 4."}]}}]}
            """);

        Assert.Equal("The answer is 4.", payload.Content);
        Assert.Equal("Let me think.", payload.Reasoning);
    }

    [Theory]
    [InlineData("""{"reasoning_content":"rc","reasoning":"r"}""", "rc")]
    [InlineData("""{"reasoning":"r"}""", "r")]
    [InlineData("""{"reasoning_content":"","reasoning":"r"}""", "r")]
    [InlineData("""{"reasoning_content":"rc"}""", "rc")]
    public void Parse_ReasoningFields_PreferReasoningContentThenReasoning(string delta, string expected)
    {
        var payload = Parse($$"""{"choices":[{"delta":{{delta}}}]}""");

        Assert.Equal(expected, payload.Reasoning);
        Assert.Null(payload.Content);
    }

    [Fact]
    public void Parse_ToolCallArgumentsAsStringOrObject_BothBecomeJsonText()
    {
        var payload = Parse("""
            {"choices":[{"message":{"tool_calls":[
              {"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}},
              {"id":"b","type":"function","function":{"name":"g","arguments":{"y":[1,2],"z":"s"}}}]}}]}
            """);

        Assert.Equal(2, payload.ToolCalls.Count);
        Assert.Equal("{\"x\":1}", payload.ToolCalls[0].Arguments);
        Assert.Equal("{\"y\":[1,2],\"z\":\"s\"}", payload.ToolCalls[1].Arguments);
        Assert.Equal("g", payload.ToolCalls[1].Name);
    }

    [Fact]
    public void Parse_ToolCallDeltaWithoutIndexOrType_KeepsWhatIsThere()
    {
        var payload = Parse("""{"choices":[{"delta":{"tool_calls":[{"id":"gSIMJiOkT","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""");

        var call = Assert.Single(payload.ToolCalls);
        Assert.Null(call.Index);
        Assert.Equal("gSIMJiOkT", call.Id);
        Assert.Equal("tool_calls", payload.FinishReason);
    }

    [Fact]
    public void Parse_LegacyFunctionCall_BecomesAToolCall()
    {
        var payload = Parse("""{"choices":[{"message":{"function_call":{"name":"f","arguments":"{\"a\":1}"}},"finish_reason":"function_call"}]}""");

        var call = Assert.Single(payload.ToolCalls);
        Assert.Equal("f", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, FinishReasons.ToChatFinishReason(payload.FinishReason));
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("eos", "stop")]
    [InlineData("length", "length")]
    [InlineData("model_length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("something_new", "something_new")]
    public void FinishReason_KnownAndUnknownValues_MapWithoutThrowing(string wire, string expected)
    {
        var payload = Parse($$"""{"choices":[{"delta":{},"finish_reason":"{{wire}}"}]}""");

        Assert.Equal(expected, FinishReasons.ToChatFinishReason(payload.FinishReason)!.Value.Value);
    }

    [Fact]
    public void FinishReason_NullOrAbsent_IsNull()
    {
        Assert.Null(Parse("""{"choices":[{"delta":{"content":"a"},"finish_reason":null}]}""").FinishReason);
        Assert.Null(Parse("""{"choices":[{"delta":{"content":"a"}}]}""").FinishReason);
    }

    [Fact]
    public void Parse_UsageWithDetailsAndVendorFields_KeepsIntegerCounts()
    {
        var payload = Parse("""
            {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":300,"total_tokens":312,
              "prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":290},
              "queue_time":0.025,"prompt_time":0.001,"num_sources_used":3,"cost":0.0012}}
            """);

        var usage = payload.Usage!;
        Assert.Equal(12, usage.PromptTokens);
        Assert.Equal(300, usage.CompletionTokens);
        Assert.Equal(312, usage.TotalTokens);
        Assert.Equal(4, usage.CachedTokens);
        Assert.Equal(290, usage.ReasoningTokens);
        Assert.Equal(3, usage.Additional!["num_sources_used"]);
        Assert.False(usage.Additional.ContainsKey("queue_time"));
        Assert.True(payload.HasChoicesArray);
        Assert.Equal(0, payload.ChoiceCount);
    }

    [Fact]
    public void Parse_DeepSeekCacheHitTokens_CountAsCached()
    {
        var payload = Parse("""{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":1,"prompt_cache_hit_tokens":6,"prompt_cache_miss_tokens":4}}""");

        Assert.Equal(6, payload.Usage!.CachedTokens);
    }

    [Fact]
    public void Parse_GroqUsageOnlyInsideXGroq_IsUsedAsFallback()
    {
        var payload = Parse("""{"x_groq":{"id":"req_1","usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}},"choices":[{"delta":{},"finish_reason":"stop"}]}""");

        Assert.Equal(9, payload.Usage!.TotalTokens);
    }

    [Theory]
    [InlineData("""{"error":{"message":"boom","type":"server_error"}}""")]
    [InlineData("""{"error":"Unexpected endpoint or method. (POST /v1/chat)"}""")]
    [InlineData("""{"object":"error","message":"bad","type":"BadRequestError","code":400}""")]
    [InlineData("""{"detail":"Not Found"}""")]
    public void Parse_ErrorBodies_AreFlaggedAsErrors(string json)
    {
        Assert.True(Parse(json).IsError);
    }

    [Fact]
    public void Parse_NullErrorField_IsNotAnError()
    {
        Assert.False(Parse("""{"error":null,"choices":[{"delta":{"content":"a"}}]}""").IsError);
    }

    [Theory]
    [InlineData("""{"choices":[{"delta":{"content":"a""", CustomProtocolErrorKind.MalformedJson)]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]}}""", CustomProtocolErrorKind.MalformedJson)]
    [InlineData("", CustomProtocolErrorKind.MalformedJson)]
    [InlineData("""[1,2]""", CustomProtocolErrorKind.UnexpectedShape)]
    [InlineData("""not json""", CustomProtocolErrorKind.MalformedJson)]
    public void Parse_MalformedOrTruncatedJson_ThrowsTypedError(string json, CustomProtocolErrorKind kind)
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse(json));

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void Parse_ReusedPayload_ResetsPerChunkFieldsAndReusesRepeatedStrings()
    {
        var payload = Parse(Infrastructure.Wire.Chunk("""{"role":"assistant","content":"a"}""", "stop"));
        var firstId = payload.Id;
        var firstModel = payload.Model;

        Parse(Infrastructure.Wire.Chunk("""{"content":"b"}"""), payload);

        Assert.Same(firstId, payload.Id);
        Assert.Same(firstModel, payload.Model);
        Assert.Equal("b", payload.Content);
        Assert.Null(payload.FinishReason);
        Assert.Null(payload.Role);
    }

    [Fact]
    public void Parse_EmptyOrMissingRole_KeepsNoRoleRatherThanEmptyString()
    {
        Assert.Null(Parse("""{"choices":[{"delta":{"role":"","content":"a"}}]}""").Role);
        Assert.Equal("assistant", Parse("""{"choices":[{"delta":{"role":"assistant"}}]}""").Role);
    }

    [Fact]
    public void Parse_NumericCodesAndIdsGivenAsNumbers_AreReadAsText()
    {
        var payload = Parse("""{"id":12345,"created":"1700000000","choices":[{"message":{"content":"x"}}]}""");

        Assert.Equal("12345", payload.Id);
        Assert.Equal(1700000000, payload.Created);
    }

    [Fact]
    public void Parse_SecondChoice_IsCountedButNotMixedIn()
    {
        var payload = Parse("""{"choices":[{"index":0,"message":{"content":"first"}},{"index":1,"message":{"content":"second"}}]}""");

        Assert.Equal("first", payload.Content);
        Assert.Equal(2, payload.ChoiceCount);
    }

    // Found by fuzzing: the reader checks structure, not the text inside strings, so these threw
    // InvalidOperationException from GetString or ValueTextEquals instead of a typed error.
    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public void Parse_InvalidUtf8InsideAString_IsMalformedJson(byte[] invalid)
    {
        byte[] json = [.. "{\"choices\":[{\"message\":{\"content\":\"a"u8, .. invalid, .. "\"}}]}"u8];

        var error = Assert.Throws<CustomProtocolException>(() => ChatCompletionParser.Parse(json, new ChatCompletionPayload()));

        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }

    [Theory]
    [InlineData("""{"choices":[{"message":{"content":"\ud800"}}]}""")]
    [InlineData("""{"choices":[{"delta":{},"finish_reason":"\udc00x"}]}""")]
    [InlineData("""{"id":"\udc00","choices":[]}""")]
    [InlineData("""{"choices":[{"message":{"tool_calls":[{"id":"a","function":{"name":"\ud800","arguments":"{}"}}]}}]}""")]
    public void Parse_EscapedLoneSurrogate_IsMalformedJson(string json)
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse(json));

        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }
}
