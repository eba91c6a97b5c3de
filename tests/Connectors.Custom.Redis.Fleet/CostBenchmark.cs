using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Fleet;

/// <summary>What fleet mode adds to a call: sequential chat calls against the local provider (in this process, on
/// loopback) with requests and tokens per minute and a concurrency limit set, coordinated through Redis or not; prints
/// the latency percentiles and the process's CPU time per call.</summary>
internal static class CostBenchmark
{
    public static async Task<int> RunAsync(string redis, int calls)
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
        services.AddCustomChatCompletion(options);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        for (var i = 0; i < 300; i++)
        {
            await client.GetResponseAsync("warm up");
        }

        var samples = new double[calls];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.GetResponseAsync("hi");
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;
        Array.Sort(samples);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"mode={(redis == "none" ? "off" : "redis")} calls={calls} p50={Percentile(0.50):F3}ms p90={Percentile(0.90):F3}ms p99={Percentile(0.99):F3}ms cpu={cpuPerCall:F0}us/call"));
        return 0;

        double Percentile(double p) => samples[(int)Math.Min(samples.Length - 1, Math.Round(p * (samples.Length - 1)))];
    }
}
