using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Testing.Tests;

public sealed class ServerTests
{
    [Fact]
    public async Task StartAsync_ListensOnLoopbackWithV1BaseAddress()
    {
        await using var server = await LocalOpenAIServer.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal("/v1", server.BaseAddress.AbsolutePath);
    }

    [Fact]
    public async Task Models_ListsTheChatAndEmbeddingModels()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatModelId = "my-chat" });
        using var http = Clients.Raw();

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseAddress + "/models")));

        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(["my-chat", "local-embedding"], json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.All(json.RootElement.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));
        Assert.Equal(1, server.Statistics.ModelListings);
    }

    [Fact]
    public async Task UnknownPathAndWrongMethod_Give404And405()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();

        using var missing = await http.GetAsync(new Uri(server.BaseAddress + "/completions"));
        using var wrongMethod = await http.GetAsync(new Uri(server.BaseAddress + "/chat/completions"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(2, server.Statistics.Requests);
    }

    [Fact]
    public async Task Requests_AreRecordedWithMethodPathHeadersAndBody()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server, o =>
        {
            o.ApiKey = "sk-test";
            o.Headers["X-Title"] = "tests";
        });

        await client.GetResponseAsync("record me");
        using var http = Clients.Raw();
        await http.GetStringAsync(new Uri(server.BaseAddress + "/models"));

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("POST", requests[0].Method);
        Assert.Equal("/v1/chat/completions", requests[0].Path);
        Assert.Equal("Bearer sk-test", requests[0].Headers["authorization"]);
        Assert.Equal("tests", requests[0].Headers["X-Title"]);
        Assert.Contains("record me", requests[0].Body, StringComparison.Ordinal);
        Assert.Null(requests[0].Fault);
        Assert.Equal(0, requests[0].Sequence);
        Assert.Equal("GET", requests[1].Method);
        Assert.Equal("/v1/models", requests[1].Path);
        Assert.Equal(string.Empty, requests[1].Body);
    }

    [Fact]
    public async Task TakeRequests_ReturnsAndForgetsWhatWasRecorded()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);
        await client.GetResponseAsync("one");
        await client.GetResponseAsync("two");

        var taken = server.TakeRequests();
        await client.GetResponseAsync("three");

        Assert.Equal(2, taken.Count);
        Assert.Contains("three", Assert.Single(server.Requests).Body, StringComparison.Ordinal);
        Assert.Equal(3, server.Statistics.ChatCompletions);
    }

    [Fact]
    public async Task Requests_AreRecordedUnderConcurrency()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var client = Clients.Chat(server);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetResponseAsync($"n{i}")));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"Echo: n{i}"), answers.Select(a => a.Text));
        Assert.Equal(40, server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), server.Requests.Select(r => r.Sequence).Order());
    }

    [Fact]
    public async Task Port_FromOptionsIsUsed()
    {
        int port;
        await using (var first = await LocalOpenAIServer.StartAsync())
        {
            port = first.BaseAddress.Port;
        }

        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Port = port });

        Assert.Equal(port, server.BaseAddress.Port);
    }

    [Fact]
    public async Task DisposeAsync_StopsListening_AndIsIdempotent()
    {
        var server = await LocalOpenAIServer.StartAsync();
        using var http = Clients.Raw();
        var models = new Uri(server.BaseAddress + "/models");
        Assert.True((await http.GetAsync(models)).IsSuccessStatusCode);

        await server.DisposeAsync();
        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(models));
    }

    [Theory]
    [InlineData(-1, 384, 0.5)]
    [InlineData(null, 0, 0.5)]
    [InlineData(null, 384, 1.5)]
    public async Task StartAsync_InvalidOptions_ThrowsNamingTheSetting(int? port, int dimensions, double rate)
    {
        var options = new LocalServerOptions { Port = port, EmbeddingDimensions = dimensions };
        options.Faults.Probabilities[FaultKind.ServerError] = rate;
        options.Faults.Probabilities[FaultKind.HtmlErrorPage] = 0.1;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => LocalOpenAIServer.StartAsync(options));

        Assert.Contains(port is not null ? "Port" : dimensions < 1 ? "EmbeddingDimensions" : "Probabilities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_ChangedAfterStart_HaveNoEffect()
    {
        var options = new LocalServerOptions();
        await using var server = await LocalOpenAIServer.StartAsync(options);
        options.Faults.Probabilities[FaultKind.ServerError] = 1;
        using var client = Clients.Chat(server);

        Assert.Equal("Echo: still fine", (await client.GetResponseAsync("still fine")).Text);
    }
}
