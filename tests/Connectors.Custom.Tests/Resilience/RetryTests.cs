using System.Net;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Resilience;

public sealed class RetryTests : LoopbackTest
{
    private readonly TestClock _clock = new();
    private readonly List<DateTimeOffset> _requestTimes = [];

    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model };
        options.Resilience.Retry.UseJitter = false;
        configure?.Invoke(options);
        return new CustomChatClient(options, timeProvider: _clock);
    }

    private LoopbackServer Answer(int status, string body, Dictionary<string, string>? headers = null) =>
        Server.Enqueue(async context =>
        {
            lock (_requestTimes)
            {
                _requestTimes.Add(_clock.GetUtcNow());
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body);
        });

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(529)]
    public async Task TransientStatus_IsRetriedWithExponentialBackoff(int status)
    {
        Answer(status, """{"error":{"message":"busy"}}""");
        Answer(status, """{"error":{"message":"busy"}}""");
        Answer(200, Wire.Completion("finally"));

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        var response = await call;

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, response.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(Server.BaseAddress.ToString().TrimEnd('/'), response.AdditionalProperties[CustomMetadataKeys.Endpoint]);
        // Fake time moves only while the client waits: each retry goes out exactly one backoff after the last answer.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], Gaps());
    }

    public static TheoryData<string, string, double> RetryAfterHeaders => new()
    {
        { "Retry-After", "7", 7 },
        { "retry-after-ms", "1500", 1.5 },
        { "x-ratelimit-reset-requests", "6s", 6 },
        { "x-ratelimit-reset-tokens", "2m0.5s", 120.5 },
    };

    [Theory]
    [MemberData(nameof(RetryAfterHeaders))]
    public async Task RetryAfter_IsHonouredInsteadOfBackoff(string header, string value, double seconds)
    {
        Answer(429, """{"error":{"message":"slow down","type":"rate_limit_exceeded"}}""", new() { [header] = value });
        Answer(200, Wire.Completion());

        var call = CreateClient(o => o.Resilience.Retry.MaxRetryAfter = TimeSpan.FromMinutes(5)).GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(seconds));
        await call;

        Assert.Equal([TimeSpan.FromSeconds(seconds)], Gaps());
    }

    [Fact]
    public async Task RateLimitResetHeaders_OnAServerError_AreNotAWaitRequest()
    {
        // OpenAI sends x-ratelimit-reset-* on every response; on a 500 they must not turn into a six-minute wait.
        Answer(500, """{"error":{"message":"oops"}}""", new() { ["x-ratelimit-reset-requests"] = "6m0s" });
        Answer(200, Wire.Completion("retried"));

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.Equal("retried", response.Text);
        Assert.Equal([TimeSpan.FromSeconds(1)], Gaps());
    }

    [Fact]
    public async Task RetryAfter_AsHttpDate_IsHonoured()
    {
        var date = _clock.GetUtcNow().AddSeconds(10).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Answer(503, """{"error":{"message":"down"}}""", new() { ["Retry-After"] = date });
        Answer(200, Wire.Completion());

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(10));
        await call;

        Assert.Equal([TimeSpan.FromSeconds(10)], Gaps());
    }

    [Fact]
    public async Task RetryAfter_LongerThanTheCap_FailsAtOnceWithTheRequestedDelay()
    {
        Answer(429, """{"error":{"message":"daily limit"}}""", new() { ["Retry-After"] = "3600" });

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.Equal(TimeSpan.FromHours(1), error.RequestedDelay);
        Assert.False(error.IsClientSide);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("daily limit", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task RetryAfter_LongerThanWhatIsLeftOfTheTotalTimeout_FailsAtOnce()
    {
        Answer(429, """{"error":{"message":"wait"}}""", new() { ["Retry-After"] = "30" });

        var error = await Assert.ThrowsAsync<CustomRateLimitException>(() => CreateClient(o => o.Resilience.Timeouts.TotalTimeout = TimeSpan.FromSeconds(20)).GetResponseAsync("hi"));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RequestedDelay);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"bad request"}}""")]
    [InlineData(401, """{"error":{"message":"bad key"}}""")]
    [InlineData(402, """{"error":{"message":"Insufficient Balance"}}""")]
    [InlineData(404, """{"error":{"message":"model not found"}}""")]
    [InlineData(422, """{"error":{"message":"invalid"}}""")]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}""")]
    public async Task NonTransientFailures_AreNeverRetried(int status, string body)
    {
        Answer(status, body);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(Server.Requests);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task RetriesExhausted_ThrowTheLastFailureWithTheAttemptCount()
    {
        for (var i = 0; i < 3; i++)
        {
            Answer(503, """{"error":{"message":"overloaded"}}""");
        }

        var call = CreateClient(o => o.Resilience.Retry.MaxRetries = 2).GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => call);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], Gaps());
    }

    [Fact]
    public async Task Streaming_IsRetriedBeforeTheFirstUpdate()
    {
        Answer(503, """{"error":{"message":"busy"}}""");
        Server.EnqueueEvents([Wire.TextChunk("ok", "stop")]);

        var call = CollectAsync(CreateClient().GetStreamingResponseAsync("hi"));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var updates = await call;

        Assert.Equal("ok", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, updates[0].AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Streaming_FailureAfterTheFirstUpdate_SurfacesWithoutRetry()
    {
        Server.EnqueueStream("data: " + Wire.TextChunk("partial") + "\n\n" + """data: {"error":{"message":"upstream died"}}""" + "\n\n");
        Server.EnqueueEvents([Wire.TextChunk("should never be read", "stop")]);
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CollectAsync(CreateClient().GetStreamingResponseAsync("hi"), received));

        Assert.Contains("upstream died", error.Message, StringComparison.Ordinal);
        Assert.Equal("partial", Assert.Single(received).Text);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ConnectionFailures_AreRetried()
    {
        Server.Enqueue(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        Answer(200, Wire.Completion("recovered"));

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.Equal("recovered", response.Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task BodyCutOffMidway_IsRetried()
    {
        var body = Wire.Completion("complete answer");
        Server.Enqueue(async context =>
        {
            context.Response.ContentLength = body.Length;
            await context.Response.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(30);
            context.Abort();
        });
        Answer(200, body);

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.Equal("complete answer", response.Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task MalformedSuccessBody_IsRetried()
    {
        Answer(200, """{"choices":[{"message":{"content":"tru""");
        Answer(200, Wire.Completion("whole"));

        var call = CreateClient().GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.Equal("whole", response.Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Disabled_MakesExactlyOneAttempt()
    {
        Answer(503, """{"error":{"message":"busy"}}""");

        await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient(o => o.Resilience.Enabled = false).GetResponseAsync("hi"));

        Assert.Single(Server.Requests);
    }

    /// <summary>The fake time between consecutive requests, as the server saw them.</summary>
    private TimeSpan[] Gaps()
    {
        lock (_requestTimes)
        {
            return _requestTimes.Zip(_requestTimes.Skip(1), (earlier, later) => later - earlier).ToArray();
        }
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
