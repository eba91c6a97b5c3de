using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Testing.Tests;

public sealed class ChatCompletionTests
{
    [Fact]
    public async Task GetResponseAsync_EchoModel_RepliesWithLastUserMessageAndUsage()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var response = await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "be brief"),
            new ChatMessage(ChatRole.User, "first question"),
            new ChatMessage(ChatRole.Assistant, "Echo: first question"),
            new ChatMessage(ChatRole.User, "hello there"),
        ]);

        Assert.Equal("Echo: hello there", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("local-scripted", response.ModelId);
        Assert.StartsWith("chatcmpl-local-", response.ResponseId);

        // One token per word plus one per message: (1+2) + (1+2) + (1+3) + (1+2) prompt, 3 completion.
        Assert.Equal(13, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(16, response.Usage.TotalTokenCount);
        Assert.Equal(1, server.Statistics.ChatCompletions);
        Assert.Equal(0, server.Statistics.StreamingChatCompletions);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EchoModel_StreamsWordByWordWithUsage()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("one two three four"))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Echo: one two three four", response.Text);
        Assert.Equal(["Echo:", " one", " two", " three", " four"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.Equal(1 + 4, response.Usage!.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(1, server.Statistics.StreamingChatCompletions);
    }

    [Fact]
    public async Task Stream_Wire_HasRoleChunkFinishChunkUsageChunkAndDone()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.StreamBody));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(10, chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsage()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server, o => o.IncludeUsageInStream = false);

        var updates = await client.GetStreamingResponseAsync("hi").CollectAsync();

        Assert.Equal("Echo: hi", updates.ToChatResponse().Text);
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is UsageContent);
    }

    [Fact]
    public async Task ContentParts_AreJoinedIntoTheEchoedText()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();

        using var response = await http.PostAsync(
            new Uri(server.BaseAddress + "/chat/completions"),
            Clients.Json("""{"messages":[{"role":"user","content":[{"type":"text","text":"look "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"here"}]}]}"""));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("Echo: look here", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("local-scripted", json.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task ChatScript_ReplacesTheEcho()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = new ShoutScript() });
        using var client = Clients.Chat(server);

        Assert.Equal("HELLO", (await client.GetResponseAsync("hello")).Text);
        Assert.Equal("HELLO", (await client.GetStreamingResponseAsync("hello").CollectAsync()).ToChatResponse().Text);
    }

    [Fact]
    public async Task ChatScript_ThatThrows_Gives500WithTheReason()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = new FailingScript() });
        using var client = Clients.Chat(server);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hello"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("script broke", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"messages":[{"content":"no role"}]}""")]
    public async Task InvalidRequest_Gives400InvalidRequestError(string body)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = new FaultOptions { Override = _ => FaultKind.ResetBeforeHeaders } });
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(0, server.Statistics.FaultsInjected);
        Assert.Equal(0, server.Statistics.ChatCompletions);
    }

    private sealed class ShoutScript : IChatScript
    {
        public ChatReply Reply(ChatScriptRequest request) => new(request.LastUserMessage!.ToUpperInvariant());
    }

    private sealed class FailingScript : IChatScript
    {
        public ChatReply Reply(ChatScriptRequest request) => throw new InvalidOperationException("script broke");
    }
}
