using System.Net;
using System.Text.Json;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Fault injection works on <c>/v1/responses</c> as on chat completions, with no code of its own.</summary>
public sealed class ResponsesFaultTests
{
    [Fact]
    public async Task RateLimit_Replaces_TheAnswer_AndIsCounted()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.RateLimitRetryAfterSeconds, f => f.RetryAfter = TimeSpan.FromSeconds(3));
        using var http = Clients.Raw();

        using var response = await http.PostAsync(new Uri(server.BaseAddress + "/responses"), Clients.Json(ResponsesHttp.Body("hi", stream: true)));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        Assert.Equal(1, server.Statistics.GetFaultCount(FaultKind.RateLimitRetryAfterSeconds));
        Assert.Equal(1, server.Statistics.StreamingResponses);
    }

    [Theory]
    [InlineData("one two three four five six", 4)]
    [InlineData("add", 0)]
    public async Task DropMidStream_SendsTheFirstPart_ThenBreaks_WithoutATerminalEvent(string prompt, int textDeltas)
    {
        // Up to the break: the lifecycle events, the first item's opening and half the text ("Echo:" and three words
        // of seven pieces), or only the call's output_item.added.
        string[] opening = textDeltas > 0
            ? ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]
            : ["response.created", "response.in_progress", "response.output_item.added"];
        var sentBeforeBreak = opening.Concat(Enumerable.Repeat("response.output_text.delta", textDeltas)).ToArray();
        var faults = new FaultOptions { Override = _ => FaultKind.DropMidStream };
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = Scripts.Calculator(), Faults = faults });
        using var http = Clients.Raw();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress + "/responses")) { Content = Clients.Json(ResponsesHttp.Body(prompt, stream: true, tools: prompt == "add")) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadUntilBrokenAsync(response);

        // An abort under load can lose what the transport had not sent yet: whole events received are a prefix of
        // what was sent before the break, never more, and never a terminal event.
        var events = ResponsesHttp.Parse(text[..(text.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)]);
        Assert.NotEmpty(events);
        Assert.True(events.Count <= sentBeforeBreak.Length, string.Join(", ", events.Select(e => e.Name)));
        Assert.Equal(sentBeforeBreak.Take(events.Count), events.Select(e => e.Name));
        Assert.Equal(1, server.Statistics.GetFaultCount(FaultKind.DropMidStream));
    }

    [Fact]
    public async Task MalformedJson_CutsTheFirstEvent()
    {
        await using var server = await Clients.StartWithFaultAsync(FaultKind.MalformedJson);

        var (_, text) = await RawHttp.PostAsync(server, "/responses", ResponsesHttp.Body("hi", stream: true));

        var data = text.Split('\n').First(l => l.StartsWith("data: {", StringComparison.Ordinal))["data: ".Length..];
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(data));
        Assert.StartsWith("event: response.created\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerError_InTheProfilesErrorShape()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            WireProfile = WireProfile.LMStudio,
            Faults = new FaultOptions { Override = _ => FaultKind.ServerError },
        });

        var (status, json) = await ResponsesHttp.PostAsync(server, ResponsesHttp.Body("hi", stream: false));

        Assert.True(status >= 500);
        Assert.Equal(JsonValueKind.String, json.GetProperty("error").ValueKind);
    }

    private static async Task<string> ReadUntilBrokenAsync(HttpResponseMessage response)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                text.Append(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The drop: the connection ends mid-stream.
        }

        return text.ToString();
    }
}
