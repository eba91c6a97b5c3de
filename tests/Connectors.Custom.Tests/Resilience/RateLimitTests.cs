using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

public sealed class RateLimitTests : LoopbackTest
{
    private readonly TestClock _clock = new();

    private CustomChatClient CreateClient(Action<CustomRateLimitOptions> limits)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model };
        limits(options.Resilience.RateLimits);
        return new CustomChatClient(options, timeProvider: _clock);
    }

    private TaskCompletionSource HoldNextRequest()
    {
        var release = new TaskCompletionSource();
        Server.Enqueue(async context =>
        {
            await release.Task;
            await context.Response.WriteAsync(Wire.Completion("held"));
        });
        return release;
    }

    /// <summary>Each call queued for a concurrency slot waits under its own MaxQueueTime timer.</summary>
    private Task WaitForQueuedCallsAsync(int count, TimeSpan maxQueueTime) =>
        Poll.UntilAsync(() => _clock.ArmedDueTimes.Count(d => d == maxQueueTime) == count, $"{count} call(s) queued for a slot");

    [Fact]
    public async Task Concurrency_Reject_FailsTheSecondCallWithoutSending()
    {
        var release = HoldNextRequest();
        var client = CreateClient(l =>
        {
            l.MaxConcurrentRequests = 1;
            l.OverLimit = OverLimitBehavior.Reject;
        });
        var first = client.GetResponseAsync("one");
        await WaitForRequestsAsync(1);

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => client.GetResponseAsync("two"));
        release.SetResult();
        await first;

        Assert.True(error.IsClientSide);
        Assert.Contains("MaxConcurrentRequests", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Concurrency_Wait_ServesWaitersInArrivalOrder()
    {
        var release = HoldNextRequest();
        Server.EnqueueBody(Wire.Completion("a")).EnqueueBody(Wire.Completion("b")).EnqueueBody(Wire.Completion("c"));
        var client = CreateClient(l => l.MaxConcurrentRequests = 1);
        var first = client.GetResponseAsync("first");
        await WaitForRequestsAsync(1);

        // Each waiter joins the queue before the next one is started.
        var waiting = new List<Task<ChatResponse>>();
        foreach (var name in new[] { "w1", "w2", "w3" })
        {
            waiting.Add(client.GetResponseAsync(name));
            await WaitForQueuedCallsAsync(waiting.Count, TimeSpan.FromSeconds(60));
        }

        Assert.Single(Server.Requests);
        release.SetResult();
        await Task.WhenAll(waiting);

        Assert.Equal(["first", "w1", "w2", "w3"], Server.Requests.Select(r => r.Json.GetProperty("messages")[0].GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Concurrency_WaitLongerThanMaxQueueTime_IsRejected()
    {
        var release = HoldNextRequest();
        var client = CreateClient(l =>
        {
            l.MaxConcurrentRequests = 1;
            l.MaxQueueTime = TimeSpan.FromSeconds(5);
        });
        var first = client.GetResponseAsync("one");
        await WaitForRequestsAsync(1);
        var start = _clock.GetUtcNow();

        var second = client.GetResponseAsync("two");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => second);
        release.SetResult();
        await first;

        Assert.Contains("MaxQueueTime", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), _clock.GetUtcNow() - start);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task RequestsPerMinute_WaitsForTheBudgetToRefill()
    {
        for (var i = 0; i < 3; i++)
        {
            Server.EnqueueBody(Wire.Completion());
        }

        var client = CreateClient(l => l.RequestsPerMinute = 2);
        await client.GetResponseAsync("1");
        await client.GetResponseAsync("2");
        var start = _clock.GetUtcNow();

        var third = client.GetResponseAsync("3");

        // Two a minute refill one every 30 seconds: the third call waits exactly that long, and only then sends.
        var waited = await _clock.AdvanceWhenWaitingAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(30), "the wait for the budget to refill");
        await third;

        Assert.Equal(30, waited.TotalSeconds, precision: 3);
        Assert.Equal(waited, _clock.GetUtcNow() - start);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task RequestsPerMinute_Reject_FailsOnceSpent()
    {
        Server.EnqueueBody(Wire.Completion());
        var client = CreateClient(l =>
        {
            l.RequestsPerMinute = 1;
            l.OverLimit = OverLimitBehavior.Reject;
        });
        await client.GetResponseAsync("1");

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => client.GetResponseAsync("2"));

        Assert.Contains("RequestsPerMinute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensPerMinute_AreChargedByEstimateAndCorrectedByUsage()
    {
        // Usage reports 900 tokens against a small estimate: the budget of 1000 is nearly spent afterwards.
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":800,"completion_tokens":100,"total_tokens":900}"""));
        var client = CreateClient(l =>
        {
            l.TokensPerMinute = 1000;
            l.OverLimit = OverLimitBehavior.Reject;
        });
        await client.GetResponseAsync("short");

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => client.GetResponseAsync(new string('x', 2000)));

        Assert.Contains("TokensPerMinute", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }
}
