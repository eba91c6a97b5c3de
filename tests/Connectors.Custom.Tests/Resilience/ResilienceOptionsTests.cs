using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Connectors.Custom.Tests.Resilience;

public sealed class ResilienceOptionsTests
{
    private static CustomChatCompletionOptions Valid(string endpoint = "https://api.example.com/v1") => new() { Endpoint = new Uri(endpoint), ModelId = "m" };

    [Fact]
    public void ApiKeyOverPlainHttpToAnotherHost_IsRefused()
    {
        var options = Valid("http://gpu-box.internal:8000/v1");
        options.ApiKey = "secret";

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("AllowInsecureHttp", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1", "k", false)]
    [InlineData("http://localhost:11434/v1", "k", false)]
    [InlineData("http://gpu-box.internal:8000/v1", null, false)]
    [InlineData("http://gpu-box.internal:8000/v1", "k", true)]
    public async Task ApiKeyOverPlainHttp_IsAllowedForLoopbackNoKeyOrExplicitOptIn(string endpoint, string? key, bool allowInsecure)
    {
        var options = Valid(endpoint);
        options.ApiKey = key;
        options.AllowInsecureHttp = allowInsecure;
        var transport = new CapturingHandler();
        using var client = new CustomChatClient(options, new HttpClient(transport));

        await client.GetResponseAsync("hi");

        // The request goes out over plain HTTP, carrying the key when there is one.
        var request = Assert.Single(transport.Requests);
        Assert.Equal(new Uri(endpoint + "/chat/completions"), request.RequestUri);
        Assert.Equal(key is null ? null : $"Bearer {key}", request.Headers.Authorization?.ToString());
    }

    /// <summary>Answers every request with one completion, in memory: these hosts need not exist.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(Infrastructure.Wire.Completion("ok"), System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }

    [Theory]
    [InlineData("retries", "Retry.MaxRetries")]
    [InlineData("ratio", "CircuitBreaker.FailureRatio")]
    [InlineData("concurrency", "RateLimits.MaxConcurrentRequests")]
    [InlineData("timeout", "Timeouts.AttemptTimeout")]
    [InlineData("hedging", "HedgingDelay")]
    public void InvalidResilienceSetting_IsNamed(string case_, string expected)
    {
        var options = Valid();
        var r = options.Resilience;
        switch (case_)
        {
            case "retries": r.Retry.MaxRetries = -1; break;
            case "ratio": r.CircuitBreaker.FailureRatio = 1.5; break;
            case "concurrency": r.RateLimits.MaxConcurrentRequests = 0; break;
            case "timeout": r.Timeouts.AttemptTimeout = TimeSpan.Zero; break;
            case "hedging": r.HedgingDelay = TimeSpan.FromSeconds(-1); break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBackup_IsNamedWithItsPosition()
    {
        var options = Valid();
        options.Backups.Add(Valid("https://b1.example.com/v1"));
        options.Backups.Add(new CustomChatCompletionOptions { Endpoint = new Uri("https://b2.example.com/v1") });

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Backups[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModelId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_BindsAPrimaryWithBackupsAndResilience()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Endpoint"] = "https://api.deepseek.com/v1",
            ["Chat:ModelId"] = "deepseek-chat",
            ["Chat:ApiKey"] = "k1",
            ["Chat:Resilience:Retry:MaxRetries"] = "2",
            ["Chat:Resilience:Retry:MaxRetryAfter"] = "00:00:20",
            ["Chat:Resilience:Timeouts:TotalTimeout"] = "00:02:00",
            ["Chat:Resilience:LoadBalancing"] = "RoundRobin",
            ["Chat:Resilience:HedgingDelay"] = "00:00:03",
            ["Chat:Resilience:CircuitBreaker:BreakDuration"] = "00:01:00",
            ["Chat:Backups:0:Endpoint"] = "https://api.groq.com/openai/v1",
            ["Chat:Backups:0:ModelId"] = "llama-3.3-70b-versatile",
            ["Chat:Backups:0:ApiKey"] = "k2",
            ["Chat:Backups:0:AuthorNames"] = "Never",
            ["Chat:Backups:0:Resilience:RateLimits:RequestsPerMinute"] = "30",
        }).Build();

        var options = CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions());
        options.Validate();

        Assert.Equal(2, options.Resilience.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Resilience.Retry.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Resilience.Timeouts.TotalTimeout);
        Assert.Equal(LoadBalancingStrategy.RoundRobin, options.Resilience.LoadBalancing);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Resilience.HedgingDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Resilience.CircuitBreaker.BreakDuration);
        var backup = Assert.Single(options.Backups);
        Assert.Equal("llama-3.3-70b-versatile", backup.ModelId);
        Assert.Equal(AuthorNamePolicy.Never, backup.AuthorNames);
        Assert.Equal(30, backup.Resilience.RateLimits.RequestsPerMinute);
    }

    [Fact]
    public void Clone_CopiesResilienceAndBackupsDeeply()
    {
        var options = Valid();
        options.Resilience.Retry.MaxRetries = 7;
        options.Backups.Add(Valid("https://b.example.com/v1"));

        var copy = options.Clone();
        options.Resilience.Retry.MaxRetries = 1;
        options.Backups[0].ModelId = "changed";

        Assert.Equal(7, copy.Resilience.Retry.MaxRetries);
        Assert.Equal("m", copy.Backups[0].ModelId);
    }
}
