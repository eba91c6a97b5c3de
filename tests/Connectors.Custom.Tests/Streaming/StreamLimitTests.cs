using System.Text;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Streaming;

/// <summary>A server that streams deltas forever is stopped by size, over a real socket.</summary>
public sealed class StreamLimitTests : LoopbackTest
{
    [Fact]
    public async Task EndlessStream_StopsAtMaxStreamBytes_AfterDeliveringWhatCameBefore()
    {
        var chunk = Encoding.UTF8.GetBytes("data: " + Wire.TextChunk("more") + "\n\n");
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        var client = new CustomChatClient(new CustomChatCompletionOptions
        {
            Endpoint = Server.BaseAddress,
            ModelId = Wire.Model,
            MaxStreamBytes = 256 * 1024,
            Resilience = { Enabled = false },
        });
        var received = new StringBuilder();

        var error = await Assert.ThrowsAsync<CustomProtocolException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                received.Append(update.Text);
            }
        });

        Assert.Equal(CustomProtocolErrorKind.StreamTooLarge, error.Kind);
        Assert.StartsWith("moremore", received.ToString(), StringComparison.Ordinal);
        Assert.True(received.Length <= 256 * 1024, "no more text than the limit allows was delivered");
    }
}
