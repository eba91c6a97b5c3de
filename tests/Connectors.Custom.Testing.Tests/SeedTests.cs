namespace Connectors.Custom.Testing.Tests;

public sealed class SeedTests
{
    // Faults that answer at once, so a sequence of them runs fast.
    private static readonly FaultKind[] s_quickKinds =
    [
        FaultKind.RateLimitRetryAfterSeconds, FaultKind.RateLimitRetryAfterMs, FaultKind.RateLimitResetHeaders,
        FaultKind.ServerError, FaultKind.HtmlErrorPage, FaultKind.ResetBeforeHeaders, FaultKind.DropMidStream, FaultKind.MalformedJson,
    ];

    [Fact]
    public async Task SameSeed_GivesTheSameFaultSequence()
    {
        var first = await RunAsync(seed: 1234, requests: 60);
        var second = await RunAsync(seed: 1234, requests: 60);
        var other = await RunAsync(seed: 4321, requests: 60);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains(null, first);
        Assert.True(first.Distinct().Count() >= 5, string.Join(",", first));
    }

    [Fact]
    public async Task Probabilities_AreRoughlyHonoured()
    {
        var faults = await RunAsync(seed: 99, requests: 200);

        var rate = faults.Count(f => f is not null) / 200.0;
        Assert.InRange(rate, 0.45, 0.75);
    }

    [Fact]
    public void SpreadEvenly_SplitsTheRateOverEveryKind()
    {
        var options = new FaultOptions().SpreadEvenly(0.3);

        Assert.Equal(Enum.GetValues<FaultKind>().Length, options.Probabilities.Count);
        Assert.All(options.Probabilities.Values, p => Assert.Equal(0.03, p, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultOptions().SpreadEvenly(1.2));
    }

    private static async Task<List<FaultKind?>> RunAsync(int seed, int requests)
    {
        var options = new FaultOptions { Seed = seed };
        foreach (var kind in s_quickKinds)
        {
            options.Probabilities[kind] = 0.6 / s_quickKinds.Length;
        }

        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = options, EmbeddingDimensions = 4 });
        using var http = Clients.Raw();
        for (var i = 0; i < requests; i++)
        {
            try
            {
                using var response = await http.PostAsync(new Uri(server.BaseAddress + "/embeddings"), Clients.Json($$"""{"input":"n{{i}}"}"""));
                await response.Content.ReadAsByteArrayAsync();
            }
            catch (HttpRequestException)
            {
                // Resets and drops: the fault itself.
            }
        }

        var recorded = server.Requests.OrderBy(r => r.Sequence).Select(r => r.Fault).ToList();
        Assert.Equal(requests, recorded.Count);
        Assert.Equal(recorded.Count(f => f is not null), server.Statistics.FaultsInjected);
        return recorded;
    }
}
