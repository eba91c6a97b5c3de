using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Resilience;

public sealed class RateLimitTests : LoopbackTest
{
    private readonly FakeTimeProvider _clock = new();

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

    private async Task WaitForRequestsAsync(int count)
    {
        while (Server.Requests.Count < count)
        {
            await Task.Delay(5);
        }
    }

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

        var waiting = new List<Task<ChatResponse>>();
        foreach (var name in new[] { "w1", "w2", "w3" })
        {
            waiting.Add(client.GetResponseAsync(name));
            await Task.Delay(20);
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

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => _clock.RunAsync(client.GetResponseAsync("two"), TimeSpan.FromSeconds(1)));
        release.SetResult();
        await first;

        Assert.Contains("MaxQueueTime", error.Message, StringComparison.Ordinal);
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

        await _clock.RunAsync(client.GetResponseAsync("3"), TimeSpan.FromSeconds(1));

        // Two a minute refill one every 30 seconds.
        Assert.InRange((_clock.GetUtcNow() - start).TotalSeconds, 29.9, 32);
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
