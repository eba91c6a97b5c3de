using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

public sealed class TimeoutTests : LoopbackTest
{
    private readonly TestClock _clock = new();
    private readonly DateTimeOffset _start;

    public TimeoutTests() => _start = _clock.GetUtcNow();

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

        var call = client.GetResponseAsync("hi");

        // First attempt stalls until its 10 s run out; one backoff of 1 s; the second attempt stalls too.
        await WaitForRequestsAsync(1);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await WaitForRequestsAsync(2);
        Assert.False(call.IsCompleted);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);

        Assert.Equal(CustomTimeoutKind.Attempt, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), error.Limit);
        Assert.Contains("AttemptTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(21), _clock.GetUtcNow() - _start);
    }

    [Fact]
    public async Task AttemptTimeout_ThenSuccess_Recovers()
    {
        Stall();
        Server.EnqueueBody(Wire.Completion("second try"));

        var call = CreateClient(r => r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10)).GetResponseAsync("hi");

        await WaitForRequestsAsync(1);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.Equal("second try", response.Text);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(11), _clock.GetUtcNow() - _start);
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

        var call = client.GetResponseAsync("hi");

        // Attempts of 10 s with backoffs of 1 s and 2 s: the third attempt starts at 23 s and is cut at 25 s.
        await WaitForRequestsAsync(1);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await WaitForRequestsAsync(2);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        await WaitForRequestsAsync(3);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(25));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);

        Assert.Equal(CustomTimeoutKind.Total, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(25), error.Limit);
        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(25), _clock.GetUtcNow() - _start);
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

        var call = CollectAsync(CreateClient(r => r.Timeouts.StreamIdleTimeout = TimeSpan.FromSeconds(30)).GetStreamingResponseAsync("hi"), received);

        await Poll.UntilAsync(() => Volatile.Read(ref received).Count == 1, "the first update");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);

        Assert.Equal(CustomTimeoutKind.StreamIdle, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Limit);
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

        var received = new List<ChatResponseUpdate>();
        var call = CollectAsync(
            CreateClient(r =>
            {
                r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(20);
                r.Retry.MaxRetries = 0;
            }).GetStreamingResponseAsync("hi"),
            received);

        await WaitForRequestsAsync(1);
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);

        Assert.Equal(CustomTimeoutKind.Attempt, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.Limit);
        Assert.Empty(received);
    }

    [Fact]
    public async Task CallerCancellation_IsNotReportedAsATimeout()
    {
        Stall();
        using var cts = new CancellationTokenSource();
        var call = CreateClient(r => r.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(10)).GetResponseAsync("hi", cancellationToken: cts.Token);
        await WaitForRequestsAsync(1);
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
