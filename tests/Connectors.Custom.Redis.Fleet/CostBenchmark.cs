using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Fleet;

/// <summary>What fleet mode adds to a call: chat calls against the local provider (in this process, on loopback), one
/// at a time or several at once, with requests and tokens per minute and a concurrency limit set, coordinated through
/// Redis or not; prints the latency percentiles, the throughput and the process's CPU time per call.</summary>
internal static class CostBenchmark
{
    /// <param name="redis">The Redis configuration, or "none" for coordination off.</param>
    /// <param name="calls">How many calls are measured.</param>
    /// <param name="budget">Whether the service also has a (shared, when coordinated) budget.</param>
    /// <param name="concurrency">How many calls are in flight at once.</param>
    public static async Task<int> RunAsync(string redis, int calls, bool budget = false, int concurrency = 1)
    {
        await using var server = await QuotaServer.StartAsync(quota: int.MaxValue, TimeSpan.FromMinutes(1));
        var services = new ServiceCollection();
        if (redis != "none")
        {
            services.AddCustomRedisCoordination(redis, o => o.KeyPrefix = "bench-" + Guid.NewGuid().ToString("N")[..8]);
        }

        var options = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = server.Endpoint, ApiKey = "sk-bench", EnableTelemetry = false };
        options.Resilience.RateLimits.RequestsPerMinute = 10_000_000;
        options.Resilience.RateLimits.TokensPerMinute = 100_000_000;
        options.Resilience.RateLimits.MaxConcurrentRequests = 64;
        if (budget)
        {
            options.Price = new ModelPrice { InputPerMillion = 1m, OutputPerMillion = 1m };
            options.Budget.ServiceLimit = 1_000_000m;
        }

        services.AddCustomChatCompletion(options);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        for (var i = 0; i < 300; i++)
        {
            await client.GetResponseAsync("warm up");
        }

        var samples = new double[calls];
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var run = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < calls; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                await client.GetResponseAsync("hi");
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));

        var throughput = calls / Stopwatch.GetElapsedTime(run).TotalSeconds;
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;
        Array.Sort(samples);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"mode={(redis == "none" ? "off" : "redis")}{(budget ? "+budget" : string.Empty)} calls={calls} c={concurrency} p50={Percentile(0.50):F3}ms p90={Percentile(0.90):F3}ms p99={Percentile(0.99):F3}ms cpu={cpuPerCall:F0}us/call calls/s={throughput:F0}"));
        return 0;

        double Percentile(double p) => samples[(int)Math.Min(samples.Length - 1, Math.Round(p * (samples.Length - 1)))];
    }
}
