using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Each fault kind does on the wire what it promises, and is counted; through our client it becomes the
/// typed failure the connector reports for it.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task RateLimitRetryAfterSeconds_Sends429WithRetryAfter()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.RateLimitRetryAfterSeconds, f => f.RetryAfter = TimeSpan.FromSeconds(2));
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
        Assert.Equal("rate_limit_exceeded", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        AssertCountedOnce(server, FaultKind.RateLimitRetryAfterSeconds);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }

    [Fact]
    public async Task RateLimitRetryAfterMs_Sends429WithRetryAfterMsOnly()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.RateLimitRetryAfterMs, f => f.RetryAfterMs = TimeSpan.FromMilliseconds(120));
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json(Clients.EmbeddingBody));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("120", Assert.Single(response.Headers.GetValues("retry-after-ms")));
        Assert.Null(response.Headers.RetryAfter);
        AssertCountedOnce(server, FaultKind.RateLimitRetryAfterMs);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Equal(TimeSpan.FromMilliseconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task RateLimitResetHeaders_Sends429WithGoDurationReset()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.RateLimitResetHeaders, f => f.RateLimitReset = TimeSpan.FromMilliseconds(1500));
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("1.5s", Assert.Single(response.Headers.GetValues("x-ratelimit-reset-requests")));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining-requests")));
        Assert.Null(response.Headers.RetryAfter);
        Assert.False(response.Headers.Contains("retry-after-ms"));
        AssertCountedOnce(server, FaultKind.RateLimitResetHeaders);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Theory]
    [InlineData(1000, "1s")]
    [InlineData(250, "250ms")]
    [InlineData(2500, "2.5s")]
    [InlineData(0, "0s")]
    public async Task RateLimitResetHeaders_WritesGoStyleDurations(int milliseconds, string expected)
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.RateLimitResetHeaders, f => f.RateLimitReset = TimeSpan.FromMilliseconds(milliseconds));
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));

        Assert.Equal(expected, Assert.Single(response.Headers.GetValues("x-ratelimit-reset-requests")));
    }

    [Fact]
    public async Task ServerError_Sends5xxWithOpenAIErrorBody()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.ServerError);
        using var http = Clients.Raw();
        var statuses = new HashSet<int>();

        for (var i = 0; i < 30; i++)
        {
            using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            statuses.Add((int)response.StatusCode);
            Assert.Equal("server_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("message").GetString()));
        }

        Assert.Equal([500, 502, 503], statuses.Order());
        Assert.Equal(30, server.Statistics.GetFaultCount(FaultKind.ServerError));

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Contains((int)error.StatusCode!, (int[])[500, 502, 503]);
        Assert.NotNull(error.ProviderError);
    }

    [Fact]
    public async Task HtmlErrorPage_Sends502TextHtml()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.HtmlErrorPage);
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>502 Bad Gateway</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertCountedOnce(server, FaultKind.HtmlErrorPage);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task ResetBeforeHeaders_AbortsBeforeAnyResponse()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.ResetBeforeHeaders);
        using var http = Clients.Raw();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody)));
        AssertCountedOnce(server, FaultKind.ResetBeforeHeaders);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        Assert.Null(error.StatusCode);
        Assert.IsAssignableFrom<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task DropMidStream_Streaming_SendsFirstEventsThenAborts()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.DropMidStream);
        using var http = Clients.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/chat/completions")) { Content = Clients.Json(Clients.StreamBody) };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var (events, failure) = await ReadEventsAsync(response, expected: 4, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsNotType<OperationCanceledException>(failure);
        Assert.NotNull(failure);

        // "Echo: one two three four" is five pieces: the role chunk and three pieces go out, never the finish or [DONE].
        Assert.Equal(4, events.Count);
        Assert.DoesNotContain("[DONE]", events);
        Assert.DoesNotContain(events, e => e.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
        AssertCountedOnce(server, FaultKind.DropMidStream);

        using var client = Clients.Chat(server);
        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<CustomProtocolException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("one two three four"))
            {
                received.Add(update);
            }
        });
        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, error.Kind);
        Assert.StartsWith("Echo:", received.ToChatResponse().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropMidStream_NonStreaming_SendsHalfTheBodyThenAborts()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.DropMidStream);
        using var http = Clients.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/chat/completions")) { Content = Clients.Json(Clients.ChatBody) };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength!.Value;
        var (read, failure) = await ReadAllAsync(response, expected: declared / 2, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(declared / 2, read);
        Assert.NotNull(failure);
        Assert.IsNotType<OperationCanceledException>(failure);
        AssertCountedOnce(server, FaultKind.DropMidStream);

        using var client = Clients.Chat(server);
        await Assert.ThrowsAsync<CustomProtocolException>(() => client.GetResponseAsync("hi"));
    }

    [Fact]
    public async Task SlowFirstByte_DelaysThenAnswersNormally()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.SlowFirstByte, f => f.SlowFirstByteDelay = TimeSpan.FromMilliseconds(150));
        using var client = Clients.Chat(server);

        var watch = Stopwatch.StartNew();
        var response = await client.GetResponseAsync("patience");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"answered after {watch.Elapsed}");
        Assert.Equal("Echo: patience", response.Text);
        Assert.Equal("Echo: patience", (await client.GetStreamingResponseAsync("patience").CollectAsync()).ToChatResponse().Text);
        Assert.Equal(2, server.Statistics.GetFaultCount(FaultKind.SlowFirstByte));
        Assert.All(server.Requests, r => Assert.Equal(FaultKind.SlowFirstByte, r.Fault));
    }

    [Fact]
    public async Task StallMidStream_Streaming_SendsFirstEventsThenNothing()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.StallMidStream);
        using var http = Clients.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/chat/completions")) { Content = Clients.Json(Clients.StreamBody) };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var (events, failure) = await ReadEventsAsync(response, expected: 4, StallPatience);

        Assert.Equal(4, events.Count);
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        AssertCountedOnce(server, FaultKind.StallMidStream);

        // Through our client: the idle timer runs on fake time, moved only once the stream is waiting on it.
        var clock = new TestClock();
        using var client = Clients.Chat(server, o => o.Resilience.Timeouts.StreamIdleTimeout = TimeSpan.FromSeconds(30), clock);
        var received = 0;
        var call = Task.Run(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("one two three four"))
            {
                Interlocked.Increment(ref received);
            }
        });
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);
        Assert.Equal(CustomTimeoutKind.StreamIdle, error.Kind);
        Assert.InRange(received, 1, 4);
    }

    [Fact]
    public async Task StallMidStream_NonStreaming_SendsHalfTheBodyThenStalls()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.StallMidStream);
        using var http = Clients.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/embeddings")) { Content = Clients.Json(Clients.EmbeddingBody) };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var declared = response.Content.Headers.ContentLength!.Value;
        var (read, failure) = await ReadAllAsync(response, expected: declared / 2, StallPatience);

        Assert.Equal(declared / 2, read);
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        AssertCountedOnce(server, FaultKind.StallMidStream);

        // Through our client: the attempt timer runs on fake time, moved only once the request is stalled.
        var clock = new TestClock();
        using var client = Clients.Chat(server, o => o.Resilience.Timeouts.AttemptTimeout = TimeSpan.FromSeconds(20), clock);
        var call = client.GetResponseAsync("hi");
        await Poll.UntilAsync(() => server.Requests.Count == 2, "the client's request to reach the server");
        await clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => call);
        Assert.Equal(CustomTimeoutKind.Attempt, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.Limit);
    }

    [Fact]
    public async Task MalformedJson_NonStreaming_Sends200WithTruncatedJson()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.MalformedJson);
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.ChatBody));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.StartsWith("{\"id\":", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        AssertCountedOnce(server, FaultKind.MalformedJson);

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomProtocolException>(() => client.GetResponseAsync("hi"));
        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }

    [Fact]
    public async Task MalformedJson_Streaming_SendsATruncatedEventThenDone()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.MalformedJson);
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/chat/completions"), Clients.Json(Clients.StreamBody));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["data: [DONE]"], events[1..]);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(events[0]["data: ".Length..]));

        using var client = Clients.Chat(server);
        var error = await Assert.ThrowsAsync<CustomProtocolException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi"))
            {
            }
        });
        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }

    [Fact]
    public async Task Faults_NeverApplyToTheModelList()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.ResetBeforeHeaders);
        using var http = Clients.Raw();

        Assert.Contains("local-scripted", await http.GetStringAsync(new Uri(server.BaseAddress + "/models")), StringComparison.Ordinal);
        Assert.Equal(0, server.Statistics.FaultsInjected);
    }

    [Fact]
    public async Task Override_NullFallsThroughToTheProbabilities()
    {
        var faults = new FaultOptions { Override = r => r.Body.Contains("fail", StringComparison.Ordinal) ? FaultKind.ServerError : null };
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = faults });
        using var client = Clients.Chat(server);

        Assert.Equal("Echo: fine", (await client.GetResponseAsync("fine")).Text);
        await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("fail"));
        Assert.Equal([null, FaultKind.ServerError], server.Requests.Select(r => r.Fault));
    }

    private static void AssertCountedOnce(LocalOpenAIServer server, FaultKind kind)
    {
        Assert.Equal(1, server.Statistics.GetFaultCount(kind));
        Assert.Equal(1, server.Statistics.FaultsInjected);
        Assert.Equal(1, server.Statistics.Faults[kind]);
        Assert.Equal(kind, Assert.Single(server.Requests).Fault);
    }

    /// <summary>How long a stalled socket is watched for more data: a real socket must stall, so this is real time. A
    /// slow machine can only make the "nothing more came" checks pass late, never fail.</summary>
    private static readonly TimeSpan StallPatience = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a read waits for data the server is known to send before the test gives up (a hang guard).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>Reads SSE data lines until the stream ends or fails; once <paramref name="expected"/> events are in,
    /// gives up after <paramref name="patience"/> more.</summary>
    private static async Task<(List<string> Events, Exception? Failure)> ReadEventsAsync(HttpResponseMessage response, int expected, TimeSpan patience)
    {
        var events = new List<string>();
        using var timeout = new CancellationTokenSource(HangGuard);
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add(line["data: ".Length..]);
                    if (events.Count == expected)
                    {
                        timeout.CancelAfter(patience);
                    }
                }
            }

            return (events, null);
        }
        catch (Exception ex)
        {
            return (events, ex);
        }
    }

    /// <summary>Reads the body until it ends or fails; once <paramref name="expected"/> bytes are in, gives up after
    /// <paramref name="patience"/> more. Returns the bytes read.</summary>
    private static async Task<(long Read, Exception? Failure)> ReadAllAsync(HttpResponseMessage response, long expected, TimeSpan patience)
    {
        long read = 0;
        using var timeout = new CancellationTokenSource(HangGuard);
        var buffer = new byte[4096];
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                read += n;
                if (read >= expected)
                {
                    timeout.CancelAfter(patience);
                }
            }

            return (read, null);
        }
        catch (Exception ex)
        {
            return (read, ex);
        }
    }
}
