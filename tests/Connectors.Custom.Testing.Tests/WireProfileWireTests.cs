using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Each profile's signature on the wire, as documented for that provider.</summary>
public sealed class WireProfileWireTests
{
    private const string IncludeUsage = ""","stream_options":{"include_usage":true}""";

    [Fact]
    public async Task OpenAI_ToolCall_FirstDeltaHasIdTypeNameAndEmptyArguments_ThenIndexedFragments()
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenAI);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("add", stream: true, tools: true)));

        var deltas = chunks.Where(RawHttp.HasChoices).Select(RawHttp.Delta).Where(d => d.TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.True(deltas.Count >= 3);
        Assert.Equal("call_local_0_0", deltas[0].GetProperty("id").GetString());
        Assert.Equal("function", deltas[0].GetProperty("type").GetString());
        Assert.Equal("Add", deltas[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(string.Empty, deltas[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.All(deltas, d => Assert.Equal(0, d.GetProperty("index").GetInt32()));
        Assert.All(deltas.Skip(1), d => Assert.False(d.TryGetProperty("id", out _)));
        Assert.Equal("""{"a":17,"b":25}""", string.Concat(deltas.Select(d => d.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", RawHttp.FinishReason(chunks[^1]));
    }

    [Fact]
    public async Task OpenAI_NonStreamedToolCall_HasNullContent()
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenAI);

        var (_, body) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody("add", stream: false, tools: true));

        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.Equal("call_local_0_0", message.GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ollama_WholeToolCallInOneChunk_RoleOnFirstChunkOnly_ReasoningField()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Ollama);

        var tool = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("add", stream: true, tools: true)));
        var thinking = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("think", stream: true)));

        var withCalls = Assert.Single(tool, c => RawHttp.HasChoices(c) && RawHttp.Delta(c).TryGetProperty("tool_calls", out _));
        var call = RawHttp.Delta(withCalls).GetProperty("tool_calls")[0];
        Assert.Equal(0, call.GetProperty("index").GetInt32());
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("""{"a":17,"b":25}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.All(tool, c => Assert.Equal("fp_ollama", c.GetProperty("system_fingerprint").GetString()));

        Assert.Single(thinking, c => RawHttp.HasChoices(c) && RawHttp.Delta(c).TryGetProperty("role", out _));
        Assert.Equal("assistant", RawHttp.Delta(thinking[0]).GetProperty("role").GetString());
        Assert.Equal(Scripts.Reasoning, string.Concat(thinking.Where(RawHttp.HasChoices).Select(c => RawHttp.Delta(c).TryGetProperty("reasoning", out var r) ? r.GetString() : null)));
        Assert.DoesNotContain(thinking.Where(RawHttp.HasChoices), c => RawHttp.Delta(c).TryGetProperty("reasoning", out _) && RawHttp.Delta(c).TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Ollama_ErrorsHaveANullCode()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Ollama);

        var (status, body) = await RawHttp.PostAsync(server, "/chat/completions", """{"messages":[]}""");

        Assert.Equal(400, status);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").ValueKind);
    }

    [Fact]
    public async Task Vllm_StopReason_NameFirstToolDelta_TrailingEmptyDelta_AndIntegerErrorCode()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Vllm);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("add", stream: true, tools: true, extra: IncludeUsage)));
        var (status, error) = await RawHttp.PostAsync(server, "/chat/completions", "not json");

        Assert.All(chunks.Where(RawHttp.HasChoices), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("stop_reason").ValueKind));
        var first = chunks.Select((c, i) => (c, i)).First(x => RawHttp.HasChoices(x.c) && RawHttp.Delta(x.c).TryGetProperty("tool_calls", out _));
        var function = RawHttp.Delta(first.c).GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("Add", function.GetProperty("name").GetString());
        Assert.False(function.TryGetProperty("arguments", out _));
        var finish = chunks.FindIndex(c => RawHttp.FinishReason(c) == "tool_calls");
        Assert.Equal(string.Empty, RawHttp.Delta(chunks[finish + 1]).GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.False(RawHttp.HasChoices(chunks[^1]));

        Assert.Equal(400, status);
        var body = JsonDocument.Parse(error).RootElement.GetProperty("error");
        Assert.Equal(400, body.GetProperty("code").GetInt32());
        Assert.Equal("BadRequestError", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Vllm_ContinuousUsageStats_PutsGrowingUsageOnEveryChunk_AndStreamOptionsImplyUsage()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Vllm);

        var continuous = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("a b c", stream: true, extra: ""","stream_options":{"continuous_usage_stats":true}""")));

        Assert.All(continuous, c => Assert.True(c.TryGetProperty("usage", out _)));
        var completions = continuous.Select(c => c.GetProperty("usage").GetProperty("completion_tokens").GetInt32()).ToList();
        Assert.Equal(completions.Order(), completions);
        Assert.Equal(4, completions[^1]);
        Assert.False(RawHttp.HasChoices(continuous[^1]));
    }

    [Fact]
    public async Task LlamaCpp_RoleChunkWithNullContent_ReasoningContent_BuildFingerprint_TimingsOnTheLastChunk()
    {
        await using var server = await Scripts.StartAsync(WireProfile.LlamaCpp);

        var plain = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("think", stream: true)));
        var withUsage = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("think", stream: true, extra: IncludeUsage)));

        var role = RawHttp.Delta(plain[0]);
        Assert.Equal("assistant", role.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, role.GetProperty("content").ValueKind);
        Assert.Equal(Scripts.Reasoning, string.Concat(plain.Where(RawHttp.HasChoices).Select(c => RawHttp.Delta(c).TryGetProperty("reasoning_content", out var r) ? r.GetString() : null)));
        Assert.All(plain, c => Assert.StartsWith("b", c.GetProperty("system_fingerprint").GetString(), StringComparison.Ordinal));

        // Timings ride on the last chunk only: the finish chunk, or the usage chunk when usage was asked for.
        Assert.Single(plain, c => c.TryGetProperty("timings", out _));
        Assert.Equal("stop", RawHttp.FinishReason(plain[^1]));
        Assert.True(plain[^1].GetProperty("timings").GetProperty("predicted_n").GetInt32() > 0);
        Assert.Single(withUsage, c => c.TryGetProperty("timings", out _));
        Assert.False(RawHttp.HasChoices(withUsage[^1]));
        Assert.Equal(withUsage[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32(), withUsage[^1].GetProperty("timings").GetProperty("predicted_n").GetInt32());
    }

    [Fact]
    public async Task LlamaCpp_ToolCallIdsAre32Alphanumerics_AndWholeAnswersCarryTimings()
    {
        await using var server = await Scripts.StartAsync(WireProfile.LlamaCpp);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("add", stream: true, tools: true)));
        var (_, body) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody("add", stream: false, tools: true));

        var first = chunks.Where(RawHttp.HasChoices).Select(RawHttp.Delta).First(d => d.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0];
        Assert.Matches("^[0-9A-Za-z]{32}$", first.GetProperty("id").GetString());
        Assert.Equal(string.Empty, first.GetProperty("function").GetProperty("arguments").GetString());
        var whole = JsonDocument.Parse(body).RootElement;
        Assert.Matches("^[0-9A-Za-z]{32}$", whole.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal(whole.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), whole.GetProperty("timings").GetProperty("prompt_n").GetInt32());
    }

    [Fact]
    public async Task DeepSeek_KeepAlive_ReasoningContent_NullUsageUntilTheFinishChunkWhichCarriesIt()
    {
        await using var server = await Scripts.StartAsync(WireProfile.DeepSeek);

        var events = await RawHttp.StreamAsync(server, RawHttp.ChatBody("think", stream: true, extra: IncludeUsage));
        var chunks = RawHttp.Chunks(events);

        Assert.Equal(": keep-alive", events[0]);
        Assert.Equal("[DONE]", events[^1]);
        var first = RawHttp.Delta(chunks[0]);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("content").ValueKind);
        Assert.Equal(string.Empty, first.GetProperty("reasoning_content").GetString());
        Assert.All(chunks.Where(c => RawHttp.Delta(c).TryGetProperty("reasoning_content", out var r) && r.GetString()!.Length > 0), c => Assert.Equal(JsonValueKind.Null, RawHttp.Delta(c).GetProperty("content").ValueKind));
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        Assert.Equal("stop", RawHttp.FinishReason(chunks[^1]));
        Assert.Equal(4, chunks[^1].GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(2, chunks[^1].GetProperty("usage").GetProperty("prompt_cache_miss_tokens").GetInt32());
        Assert.All(chunks, c => Assert.True(RawHttp.HasChoices(c)));
    }

    [Fact]
    public async Task DeepSeek_NonStreamed_BlankLinesBeforeTheBody_AndEmptyContentBesideIndexedToolCalls()
    {
        await using var server = await Scripts.StartAsync(WireProfile.DeepSeek);

        var (_, body) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody("add", stream: false, tools: true));

        Assert.StartsWith("\n\n{", body, StringComparison.Ordinal);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(string.Empty, message.GetProperty("content").GetString());
        Assert.Equal(0, message.GetProperty("tool_calls")[0].GetProperty("index").GetInt32());
        Assert.Equal("call_00_local0", message.GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Mistral_ToolCallWithoutIndexOrType_FinishAndUsageInTheSameChunk_WithoutStreamOptions()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Mistral);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("add", stream: true, tools: true)));

        var chunk = Assert.Single(chunks, c => RawHttp.Delta(c).TryGetProperty("tool_calls", out _));
        var call = RawHttp.Delta(chunk).GetProperty("tool_calls")[0];
        Assert.False(call.TryGetProperty("index", out _));
        Assert.False(call.TryGetProperty("type", out _));
        Assert.Matches("^[a-zA-Z0-9]{9}$", call.GetProperty("id").GetString());
        Assert.Equal("tool_calls", RawHttp.FinishReason(chunk));
        Assert.True(chunk.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(chunk.ToString(), chunks[^1].ToString());
    }

    [Fact]
    public async Task Mistral_TextFinishesOnTheLastContentChunk_AndErrorsAreFlat()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Mistral);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("one two", stream: true)));
        var (status, error) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody(Scripts.FailingPrompt, stream: false));

        Assert.Equal(" two", RawHttp.Delta(chunks[^1]).GetProperty("content").GetString());
        Assert.Equal("stop", RawHttp.FinishReason(chunks[^1]));
        Assert.True(chunks[^1].TryGetProperty("usage", out _));

        Assert.Equal(500, status);
        var flat = JsonDocument.Parse(error).RootElement;
        Assert.Equal("error", flat.GetProperty("object").GetString());
        Assert.Equal(Scripts.FailureMessage, flat.GetProperty("message").GetString());
        Assert.Equal("500", flat.GetProperty("code").GetString());
        Assert.False(flat.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Groq_XGroqIdFirst_UsageOnlyInXGroqOnTheFinishChunk_NoContentKeyBesideToolCalls()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Groq);

        var chunks = RawHttp.Chunks(await RawHttp.StreamAsync(server, RawHttp.ChatBody("a b", stream: true, extra: IncludeUsage)));
        var (_, body) = await RawHttp.PostAsync(server, "/chat/completions", RawHttp.ChatBody("add", stream: false, tools: true));

        Assert.StartsWith("req_local_", chunks[0].GetProperty("x_groq").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        var usage = chunks[^1].GetProperty("x_groq").GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Number, usage.GetProperty("queue_time").ValueKind);
        Assert.Equal("stop", RawHttp.FinishReason(chunks[^1]));

        var completion = JsonDocument.Parse(body).RootElement;
        Assert.False(completion.GetProperty("choices")[0].GetProperty("message").TryGetProperty("content", out _));
        Assert.Equal("on_demand", completion.GetProperty("service_tier").GetString());
    }

    [Fact]
    public async Task OpenRouter_ProcessingComments_ProviderFields_AndCostInUsage()
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenRouter);

        var events = await RawHttp.StreamAsync(server, RawHttp.ChatBody("a b", stream: true, extra: IncludeUsage));
        var chunks = RawHttp.Chunks(events);

        Assert.Equal(": OPENROUTER PROCESSING", events[0]);
        Assert.True(events.Count(e => e == ": OPENROUTER PROCESSING") >= 2);
        Assert.All(chunks, c => Assert.StartsWith("gen-local-", c.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.Equal("LocalScripted", c.GetProperty("provider").GetString()));
        Assert.Contains(chunks, c => RawHttp.HasChoices(c) && c.GetProperty("choices")[0].GetProperty("native_finish_reason").GetString() == "stop");
        Assert.Equal(0, chunks[^1].GetProperty("usage").GetProperty("cost").GetDouble());
    }

    [Fact]
    public async Task OpenRouter_ErrorDuringAStream_IsAChunkWithFinishReasonError_AndNoDone()
    {
        await using var server = await Scripts.StartAsync(WireProfile.OpenRouter);

        var events = await RawHttp.StreamAsync(server, RawHttp.ChatBody(Scripts.FailingPrompt, stream: true));
        var last = RawHttp.Chunks(events)[^1];

        Assert.DoesNotContain("[DONE]", events);
        Assert.Equal(Scripts.FailureMessage, last.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("error", RawHttp.FinishReason(last));
        Assert.Equal(string.Empty, RawHttp.Delta(last).GetProperty("content").GetString());
    }

    [Fact]
    public async Task LMStudio_UnknownRoute_Is200WithAStringError()
    {
        await using var server = await Scripts.StartAsync(WireProfile.LMStudio);

        var (status, body) = await RawHttp.PostAsync(server, "/v1/chat/completions", RawHttp.ChatBody("hi", stream: false));

        Assert.Equal(200, status);
        Assert.Equal("Unexpected endpoint or method. (POST /v1/v1/chat/completions)", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }
}
