using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

/// <summary>A streamed call behaves as an async iterator would: nothing is sent before the first <c>MoveNextAsync</c>,
/// each enumeration is a call of its own, either token cancels it, and the call ends once, whichever way it ends.</summary>
public sealed class StreamEnumerationTests : LoopbackTest
{
    [Fact]
    public async Task NothingIsSentBeforeTheFirstMoveNext_AndEachEnumerationIsACallOfItsOwn()
    {
        Server.EnqueueEvents([Wire.TextChunk("one", "stop")]);
        Server.EnqueueEvents([Wire.TextChunk("two", "stop")]);
        using var client = Client();

        var stream = client.GetStreamingResponseAsync("hi");
        await using (var unread = stream.GetAsyncEnumerator())
        {
        }

        Assert.Empty(Server.Requests);
        var first = string.Concat(await Texts(stream));
        var second = string.Concat(await Texts(stream));

        Assert.Equal(("one", "two"), (first, second));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task TheEnumeratorsToken_CancelsTheStream_AsTheCallsDoes()
    {
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($"data: {Wire.TextChunk("Hel")}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var client = Client();
        using var cancel = new CancellationTokenSource();
        using var callToken = new CancellationTokenSource();

        await using var updates = client.GetStreamingResponseAsync("hi", cancellationToken: callToken.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await updates.MoveNextAsync());
        var next = updates.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        // Bounded: an enumerator that ignored its token would wait for the server forever (a TimeoutException here).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task AStreamLeftEarly_EndsItsCall_AndTheNextStreamIsServed()
    {
        Server.EnqueueEvents([Wire.TextChunk("a"), Wire.TextChunk("b"), Wire.TextChunk("c", "stop")]);
        Server.EnqueueEvents([Wire.TextChunk("again", "stop")]);
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", EnableTelemetry = false };
        options.Resilience.RateLimits.MaxConcurrentRequests = 1;
        options.Resilience.RateLimits.OverLimit = OverLimitBehavior.Reject;
        using var client = new CustomChatClient(options);

        await using (var updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator())
        {
            Assert.True(await updates.MoveNextAsync());
            Assert.Equal("a", updates.Current.Text);
        }

        // The only concurrency slot came back when the first stream was left: the second call is admitted at once.
        Assert.Equal("again", string.Concat(await Texts(client.GetStreamingResponseAsync("hi"))));
    }

    private CustomChatClient Client() => new(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", EnableTelemetry = false });

    private static async Task<List<string>> Texts(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var texts = new List<string>();
        await foreach (var update in stream)
        {
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }
        }

        return texts;
    }
}
