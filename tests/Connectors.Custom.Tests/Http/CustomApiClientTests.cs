using System.Net;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Custom.Tests.Http;

/// <summary>HTTP behaviour shared by every operation, driven through the chat client against a loopback server.</summary>
public sealed class CustomApiClientTests : LoopbackTest
{
    private const string Key = "sk-test-secret-key-0123456789";

    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null, HttpClient? httpClient = null)
    {
        // Protocol behaviour is tested one attempt at a time; resilience has its own tests.
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, Resilience = { Enabled = false } };
        configure?.Invoke(options);
        return new CustomChatClient(options, httpClient);
    }

    public static TheoryData<int, string, string> ErrorBodies => new()
    {
        { 400, """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""", "Unsupported parameter: 'max_tokens'" },
        { 404, """{"error":"No models loaded. Please load a model"}""", "No models loaded" },
        { 422, """{"object":"error","message":{"detail":[{"loc":["body","seed"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]},"type":"invalid_request_error","code":422}""", "body.seed: Extra inputs are not permitted" },
        { 400, """{"detail":"'input_type' parameter is required for asymmetric models"}""", "'input_type' parameter is required" },
        { 429, """{"message":"Rate limit exceeded","type":"too_many_requests_error"}""", "Rate limit exceeded" },
        { 503, """{"error":{"code":503,"message":"Server Overloaded"}}""", "Server Overloaded" },
    };

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task ErrorStatus_ThrowsHttpOperationExceptionWithTheProviderText(int status, string body, string expectedText)
    {
        Server.EnqueueBody(body, status, headers: new Dictionary<string, string> { ["x-request-id"] = "req-42" });

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.IsAssignableFrom<Microsoft.SemanticKernel.HttpOperationException>(error);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Contains(expectedText, error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.ResponseContent);
        Assert.Equal("req-42", error.RequestId);
        Assert.False(error.IsInBandError);
    }

    [Fact]
    public async Task ProxyHtmlErrorPage_GivesACleanMessage()
    {
        Server.EnqueueBody("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>", 502, "text/html");

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("HTML page", error.Message, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<center>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorBody_IsBoundedOnTheException()
    {
        Server.EnqueueBody("""{"error":{"message":"x"}}""" + new string(' ', 100_000), 500);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient(o => o.MaxErrorContentLength = 100).GetResponseAsync("hi"));

        Assert.Equal(100, error.ResponseContent!.Length);
    }

    [Fact]
    public async Task SuccessStatusWithErrorBody_Throws()
    {
        // LM Studio answers unknown routes with HTTP 200 and an error object.
        Server.EnqueueBody("""{"error":"Unexpected endpoint or method. (POST /v1/v1/chat/completions)"}""");

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => CreateClient().GetResponseAsync("hi"));

        Assert.True(error.IsInBandError);
        Assert.Contains("Unexpected endpoint or method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_ThrowsWithoutInventingAStatus()
    {
        var port = Server.BaseAddress.Port;
        await Server.DisposeAsync();
        Server = await LoopbackServer.StartAsync();
        var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1"), ModelId = "m", Resilience = { Enabled = false } });

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));

        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("Could not reach", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoApiKey_SendsNoAuthorizationHeader()
    {
        Server.EnqueueBody(Wire.Completion());

        await CreateClient().GetResponseAsync("hi");

        Assert.False(Server.Requests[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ApiKey_IsSentAsBearerByDefault_WithExtraHeaders()
    {
        Server.EnqueueBody(Wire.Completion());

        await CreateClient(o =>
        {
            o.ApiKey = Key;
            o.Headers["HTTP-Referer"] = "https://example.com";
            o.Headers["X-Title"] = "Tests";
        }).GetResponseAsync("hi");

        var headers = Server.Requests[0].Headers;
        Assert.Equal($"Bearer {Key}", headers["Authorization"]);
        Assert.Equal("https://example.com", headers["HTTP-Referer"]);
        Assert.Equal("Tests", headers["X-Title"]);
    }

    [Fact]
    public async Task ApiKeyHeaderAndScheme_AreConfigurable()
    {
        Server.EnqueueBody(Wire.Completion());

        await CreateClient(o =>
        {
            o.ApiKey = Key;
            o.ApiKeyHeader = "api-key";
            o.ApiKeyScheme = null;
        }).GetResponseAsync("hi");

        Assert.Equal(Key, Server.Requests[0].Headers["api-key"]);
        Assert.False(Server.Requests[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ApiKeyProvider_IsAskedForEveryRequest()
    {
        Server.EnqueueBody(Wire.Completion()).EnqueueBody(Wire.Completion());
        var issued = 0;
        var client = CreateClient(o => o.ApiKeyProvider = _ => ValueTask.FromResult<string?>($"token-{++issued}"));

        await client.GetResponseAsync("one");
        await client.GetResponseAsync("two");

        Assert.Equal(["Bearer token-1", "Bearer token-2"], Server.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Theory]
    [InlineData("\r\nX-Evil: 1")]
    [InlineData("\nX-Evil: 1")]
    [InlineData("\r")]
    [InlineData("\0")]
    public async Task StaticKeyWithAControlCharacter_IsRefusedAtRegistration_BeforeAnythingIsSent(string injected)
    {
        var error = Assert.Throws<ArgumentException>(() => CreateClient(o => o.ApiKey = Key + injected + "tail"));

        Assert.Equal(nameof(CustomEndpointOptions.ApiKey), error.ParamName);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        await AssertNothingWasSentAsync();
    }

    [Fact]
    public async Task ProviderKeyWithALineBreak_IsRefusedPerRequest_BeforeAnythingIsSent()
    {
        Server.EnqueueBody(Wire.Completion());
        var calls = 0;
        var client = CreateClient(o =>
        {
            o.ApiKeyProvider = _ =>
            {
                calls++;
                return ValueTask.FromResult<string?>(Key + "\r\nX-Evil: 1");
            };
            o.Resilience.Enabled = true;
        });

        var error = await Assert.ThrowsAsync<CustomHeaderValueException>(() => client.GetResponseAsync("hi"));
        var streamed = await Assert.ThrowsAsync<CustomHeaderValueException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.Equal(nameof(CustomEndpointOptions.ApiKeyProvider), error.Setting);
        Assert.Equal(nameof(CustomEndpointOptions.ApiKeyProvider), streamed.Setting);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        // Neither retried nor sent: the endpoint did nothing wrong and another attempt would get the same key.
        Assert.Equal(2, calls);
        await AssertNothingWasSentAsync();
    }

    [Fact]
    public async Task KeysWithSurroundingWhitespace_AreSentTrimmed()
    {
        Server.EnqueueBody(Wire.Completion()).EnqueueBody(Wire.Completion());

        await CreateClient(o =>
        {
            o.ApiKey = Key + "\n";
            o.ApiKeyScheme = " Bearer ";
            o.Headers["X-Title"] = " Tests\r\n";
        }).GetResponseAsync("hi");
        await CreateClient(o => o.ApiKeyProvider = _ => ValueTask.FromResult<string?>("\t" + Key + "\r\n")).GetResponseAsync("hi");

        Assert.Equal($"Bearer {Key}", Server.Requests[0].Headers["Authorization"]);
        Assert.Equal("Tests", Server.Requests[0].Headers["X-Title"]);
        Assert.Equal($"Bearer {Key}", Server.Requests[1].Headers["Authorization"]);
    }

    [Fact]
    public async Task ProviderKeyOfOnlyWhitespace_SendsNoKey()
    {
        Server.EnqueueBody(Wire.Completion());

        await CreateClient(o => o.ApiKeyProvider = _ => ValueTask.FromResult<string?>("\n")).GetResponseAsync("hi");

        Assert.False(Server.Requests[0].Headers.ContainsKey("Authorization"));
    }

    /// <summary>Proves the server is up and that the request it records is the only one it ever got.</summary>
    private async Task AssertNothingWasSentAsync()
    {
        using var http = new HttpClient();
        using var _ = await http.GetAsync(new Uri(Server.BaseAddress + "/ping"));
        Assert.Equal(["/v1/ping"], Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task ApiKey_NeverAppearsInExceptions_EvenWhenTheServerEchoesIt()
    {
        Server.EnqueueBody($$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}","type":"invalid_request_error","param":"{{{Key}}}"}}""", 401);
        Server.EnqueueStream($$$"""data: {"error":{"message":"key {{{Key}}} revoked"}}""" + "\n\n");
        var client = CreateClient(o => o.ApiKey = Key);

        var status = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetResponseAsync("hi"));
        var inBand = await Assert.ThrowsAsync<CustomEndpointException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
            }
        });

        foreach (var error in new[] { status, inBand })
        {
            Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Key, error.ResponseContent ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, error.ProviderError?.ToString() ?? string.Empty, StringComparison.Ordinal);
            Assert.Contains("[REDACTED]", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CallerHttpClient_KeepsItsTimeout_EvenTheDefaultOne()
    {
        using var defaultClient = new HttpClient();
        using var configuredClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        _ = CreateClient(httpClient: defaultClient);
        _ = CreateClient(httpClient: configuredClient);

        Assert.Equal(TimeSpan.FromSeconds(100), defaultClient.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), configuredClient.Timeout);
    }

    [Fact]
    public async Task CallerHttpClient_IsUsedForRequests()
    {
        Server.EnqueueBody(Wire.Completion());
        var handler = new CountingHandler();
        using var httpClient = new HttpClient(handler);

        await CreateClient(httpClient: httpClient).GetResponseAsync("hi");

        Assert.Equal(1, handler.Count);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public CountingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
