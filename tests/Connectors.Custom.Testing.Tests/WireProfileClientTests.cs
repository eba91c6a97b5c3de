using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Every wire profile, driven through our real <see cref="CustomChatClient"/> (resilience off): text, usage,
/// tool calls, reasoning and failures come out the same whichever provider style carried them.</summary>
public sealed class WireProfileClientTests
{
    [Theory]
    [MemberData(nameof(Scripts.AllProfilesStreamedAndNot), MemberType = typeof(Scripts))]
    public async Task Text_AndUsage(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        using var client = Clients.Chat(server);

        var response = await GetAsync(client, [new(ChatRole.User, "one two three")], null, stream);

        Assert.Equal("Echo: one two three", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(4, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.Equal(8, response.Usage?.TotalTokenCount);
    }

    [Theory]
    [MemberData(nameof(Scripts.AllProfilesStreamedAndNot), MemberType = typeof(Scripts))]
    public async Task ToolCall_ThenAnswerFromTheResult(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        using var client = Clients.Chat(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a + b, "Add")] };

        var first = await GetAsync(client, [new(ChatRole.User, "add them")], options, stream);

        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Add", call.Name);
        Assert.Equal(17, ((JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.Equal(25, ((JsonElement)call.Arguments!["b"]!).GetInt32());
        Assert.False(string.IsNullOrEmpty(call.CallId));
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.True(first.Usage?.OutputTokenCount > 0);
        if (profile == WireProfile.Mistral)
        {
            Assert.Matches("^[a-zA-Z0-9]{9}$", call.CallId);
        }

        List<ChatMessage> history = [new(ChatRole.User, "add them"), .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent(call.CallId, 42)])];
        var second = await GetAsync(client, history, options, stream);

        Assert.Equal("The result is 42", second.Text);
    }

    [Theory]
    [MemberData(nameof(Scripts.ReasoningProfiles), MemberType = typeof(Scripts))]
    public async Task Reasoning_ArrivesApartFromTheAnswer(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);

        // Together writes reasoning inline as <think>…</think>: the client splits it off only when told to.
        using var client = Clients.Chat(server, o => o.Quirks.SplitThinkTags = profile == WireProfile.Together);

        var response = await GetAsync(client, [new(ChatRole.User, "think")], null, stream);

        Assert.Equal("Thought it through.", response.Text);
        Assert.Equal(Scripts.Reasoning, string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
    }

    [Theory]
    [MemberData(nameof(Scripts.AllProfiles), MemberType = typeof(Scripts))]
    public async Task Failure_NotStreamed_IsAnEndpointErrorWithTheProvidersMessage(WireProfile profile)
    {
        await using var server = await Scripts.StartAsync(profile);
        using var client = Clients.Chat(server);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync(Scripts.FailingPrompt));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains(Scripts.FailureMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scripts.AllProfiles), MemberType = typeof(Scripts))]
    public async Task Failure_InsideAStream_IsAnInBandEndpointError(WireProfile profile)
    {
        await using var server = await Scripts.StartAsync(profile);
        using var client = Clients.Chat(server);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetStreamingResponseAsync(Scripts.FailingPrompt).CollectAsync());

        Assert.True(error.IsInBandError);
        Assert.Contains(Scripts.FailureMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vllm_ContinuousUsageStats_ReachesTheClientAsOneUsage()
    {
        await using var server = await Scripts.StartAsync(WireProfile.Vllm);
        using var client = Clients.Chat(server);

        var response = await GetAsync(client, [new(ChatRole.User, "a b c d e")], new ChatOptions { AdditionalProperties = new() { ["stream_options"] = new Dictionary<string, object> { ["include_usage"] = true, ["continuous_usage_stats"] = true } } }, stream: true);

        Assert.Equal("Echo: a b c d e", response.Text);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task LMStudio_UnknownRouteWith200_IsAnInBandEndpointError()
    {
        await using var server = await Scripts.StartAsync(WireProfile.LMStudio);
        using var client = new CustomChatClient(new CustomChatCompletionOptions
        {
            Endpoint = new Uri(server.BaseAddress + "/v1"),
            ModelId = "local-scripted",
            Resilience = { Enabled = false },
        });

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hello"));

        Assert.True(error.IsInBandError);
        Assert.Contains("Unexpected endpoint or method. (POST /v1/v1/chat/completions)", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ChatResponse> GetAsync(CustomChatClient client, List<ChatMessage> messages, ChatOptions? options, bool stream) =>
        stream ? (await client.GetStreamingResponseAsync(messages, options).CollectAsync()).ToChatResponse() : await client.GetResponseAsync(messages, options);
}
