using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Resilience;

public sealed class TimeoutTests : LoopbackTest
{
    private readonly FakeTimeProvider _clock = new();

    private CustomChatClient CreateClient(Action<CustomResilienceOptions> configure, HttpClient? httpClient = null)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model };
        options.Resilience.Retry.UseJitter = false;
        configure(options.Resilience);
        return new CustomChatClient(options, httpClient, _clock);
    }

    /// <summary>A server that never answers (until the client gives up and closes the connection).</summary>
    private void Stall() => Server.Enqueue(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

    [Fact]
    public async Task AttemptTimeout_IsRetried_ThenReportedAsAttemptTimeout()
    {
        Stall();
        Stall();
        var client = CreateClient(r =>
        {
            r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10);
            r.Retry.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => _clock.RunAsync(client.GetResponseAsync("hi"), TimeSpan.FromSeconds(1)));

        Assert.Equal(CustomTimeoutKind.Attempt, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), error.Limit);
        Assert.Contains("AttemptTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task AttemptTimeout_ThenSuccess_Recovers()
    {
        Stall();
        Server.EnqueueBody(Wire.Completion("second try"));

        var response = await _clock.RunAsync(CreateClient(r => r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10)).GetResponseAsync("hi"), TimeSpan.FromSeconds(1));

        Assert.Equal("second try", response.Text);
    }

    [Fact]
    public async Task TotalTimeout_BoundsTheWholeCall()
    {
        for (var i = 0; i < 5; i++)
        {
            Stall();
        }

        var client = CreateClient(r =>
        {
            r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10);
            r.Timeouts.TotalTimeout = TimeSpan.FromSeconds(25);
        });

        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => _clock.RunAsync(client.GetResponseAsync("hi"), TimeSpan.FromSeconds(1)));

        Assert.Equal(CustomTimeoutKind.Total, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(25), error.Limit);
        Assert.InRange(Server.Requests.Count, 2, 3);
    }

    [Fact]
    public async Task StreamIdleTimeout_FiresBetweenUpdates()
    {
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: " + Wire.TextChunk("first") + "\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => _clock.RunAsync(CollectAsync(CreateClient(r => r.Timeouts.StreamIdleTimeout = TimeSpan.FromSeconds(30)).GetStreamingResponseAsync("hi"), received), TimeSpan.FromSeconds(1)));

        Assert.Equal(CustomTimeoutKind.StreamIdle, error.Kind);
        Assert.Equal("first", Assert.Single(received).Text);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task StreamAttemptTimeout_CoversTimeToFirstUpdate()
    {
        Server.Enqueue(async context =>
        {
            // Headers arrive at once; the first token never does.
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(": queued\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => _clock.RunAsync(CollectAsync(CreateClient(r =>
        {
            r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(20);
            r.Retry.MaxRetries = 0;
        }).GetStreamingResponseAsync("hi")), TimeSpan.FromSeconds(1)));

        Assert.Equal(CustomTimeoutKind.Attempt, error.Kind);
    }

    [Fact]
    public async Task CallerCancellation_IsNotReportedAsATimeout()
    {
        Stall();
        using var cts = new CancellationTokenSource();
        var call = CreateClient(r => r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10)).GetResponseAsync("hi", cancellationToken: cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.IsNotType<CustomTimeoutException>(error);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task CallerCancellation_StopsAStreamAfterItsFirstUpdate()
    {
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: " + Wire.TextChunk("first") + "\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in CreateClient(r => r.Timeouts.StreamIdleTimeout = null).GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });
    }

    [Fact]
    public void HttpClientTimeout_IsNotRelied_On_TheConnectorsOwnClientHasNone()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, SharedHttpClient.Instance.Timeout);
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? into = null)
    {
        into ??= [];
        await foreach (var update in updates)
        {
            into.Add(update);
        }

        return into;
    }
}
