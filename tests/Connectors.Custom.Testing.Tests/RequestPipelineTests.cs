using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Every request takes the one pipeline: recorded and counted once whatever its outcome, captured as bytes,
/// and faults that end (stalls included) and speak the server's wire profile.</summary>
public sealed class RequestPipelineTests
{
    [Fact]
    public async Task EveryOutcome_IsRecordedAndCountedExactlyOnce()
    {
        var faultOnce = 0;
        var faults = new FaultOptions
        {
            // The third faultable request gets a 503-style server error, the fourth throws in the override.
            Override = request => Interlocked.Increment(ref faultOnce) switch
            {
                3 => FaultKind.ServerError,
                4 => throw new InvalidOperationException("override exploded"),
                _ => null,
            },
        };
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = faults });
        using var http = Clients.Raw();
        var chat = new Uri(server.BaseAddress + "/chat/completions");

        var statuses = new List<HttpStatusCode>
        {
            (await http.PostAsync(chat, Clients.Json(Clients.ChatBody))).StatusCode,                                  // answered
            (await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json(Clients.EmbeddingBody))).StatusCode, // answered
            (await http.PostAsync(chat, Clients.Json(Clients.ChatBody))).StatusCode,                                  // faulted
            (await http.PostAsync(chat, Clients.Json(Clients.ChatBody))).StatusCode,                                  // override threw
            (await http.PostAsync(chat, Clients.Json("""{"messages":"not a list"}"""))).StatusCode,                  // invalid
            (await http.GetAsync(new Uri(server.BaseAddress + "/models"))).StatusCode,                                 // never faulted
            (await http.GetAsync(chat)).StatusCode,                                                                     // wrong method
            (await http.PostAsync(new Uri(server.BaseAddress + "/nowhere"), Clients.Json("{}"))).StatusCode,          // unknown route
        };

        Assert.Contains(statuses[2], (HttpStatusCode[])[HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable]);
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotFound],
            statuses.Where((_, i) => i != 2));
        var requests = server.Requests;
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), requests.Select(r => r.Sequence));
        Assert.Equal(8, server.Statistics.Requests);
        Assert.Equal([null, null, FaultKind.ServerError, null, null, null, null, null], requests.Select(r => r.Fault));
        Assert.Equal(1, server.Statistics.FaultsInjected);
        Assert.Equal((3, 1, 1), (server.Statistics.ChatCompletions, server.Statistics.Embeddings, server.Statistics.ModelListings));
    }

    [Fact]
    public async Task Requests_AreCapturedAsBytes_WithATextView()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();
        byte[] body = [0xFF, 0x00, 0x7B, 0xC3, 0xA9];

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("audio/wav");
        await http.PostAsync(new Uri(server.BaseAddress + "/audio/transcriptions"), content);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal(body, recorded.Content.ToArray());
        Assert.Equal("\uFFFD\0{é", recorded.Body);
        Assert.Equal("audio/wav", recorded.Headers["Content-Type"]);
    }

    [Fact]
    public async Task InjectedErrors_FollowTheWireProfile()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = WireProfile.Mistral,
            Faults = new FaultOptions { Override = _ => FaultKind.RateLimitRetryAfterSeconds },
        });

        var (status, body) = await RawHttp.PostAsync(server, "/chat/completions", Clients.ChatBody);

        Assert.Equal(429, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("object").GetString());       // Mistral's flat shape,
        Assert.Equal("rate_limit_exceeded", json.RootElement.GetProperty("code").GetString()); // not {"error":{...}}
        Assert.False(json.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Stall_EndsByAbortingAfterItsDuration_NotWhenTheClientGivesUp()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            Faults = new FaultOptions { Override = _ => FaultKind.StallMidStream, StallDuration = TimeSpan.FromMilliseconds(100) },
        });
        using var http = Clients.Raw(); // its own timeout is 10 s: the server ends the stall, not the client
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/chat/completions")) { Content = Clients.Json(Clients.StreamBody) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var failure = await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync());

        Assert.IsAssignableFrom<IOException>(failure is HttpRequestException { InnerException: { } inner } ? inner : failure);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11 * 60 * 1000)]
    public async Task Stall_LongerThanTheMaximumOrNegative_IsRefused(int milliseconds)
    {
        var options = new LocalServerOptions { Faults = new FaultOptions { StallDuration = TimeSpan.FromMilliseconds(milliseconds) } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LocalOpenAIServer.StartAsync(options));

        Assert.Contains("StallDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedEvents_AreWrittenWithAnEventLine()
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        var stream = new EventStream([StreamEvent.Named("response.created", """{"a":1}"""u8.ToArray()), StreamEvent.Data("""{"b":2}"""u8.ToArray())], SentBeforeBreak: 1, EndsWithDone: false);

        await ResponseWriter.WriteEventsAsync(http, stream, Delivery.Whole(CancellationToken.None));

        Assert.Equal("event: response.created\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task BinaryBodies_AreBrokenByFaultsAsJsonIs()
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        byte[] audio = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        await ResponseWriter.WriteBodyAsync(http, 200, "audio/mpeg", audio, new Delivery(ResponseMode.Truncated, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal("audio/mpeg", http.Response.ContentType);
        Assert.Equal(5, http.Response.ContentLength);
        Assert.Equal([1, 2, 3, 4, 5], body.ToArray());
    }
}
