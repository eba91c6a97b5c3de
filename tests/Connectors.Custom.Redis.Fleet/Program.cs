using System.Diagnostics.Metrics;
using System.Globalization;
using Connectors.Custom;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

// The cost benchmark: bench <redis configuration | none> <calls> [budget] [<concurrency>].
if (args is ["bench", var benchRedis, var benchCalls, .. var benchRest] && benchRest.Length <= 2)
{
    var benchBudget = benchRest is ["budget", ..];
    var benchConcurrency = benchRest.Length > (benchBudget ? 1 : 0) ? int.Parse(benchRest[^1], CultureInfo.InvariantCulture) : 1;
    return await Connectors.Custom.Redis.Fleet.CostBenchmark.RunAsync(benchRedis, int.Parse(benchCalls, CultureInfo.InvariantCulture), benchBudget, benchConcurrency);
}

// One application instance of the budget proof: budget <endpoint> <redis configuration | none> <calls> <concurrency>
// <limit in dollars> <key prefix>.
if (args is ["budget", var budgetEndpoint, var budgetRedis, var budgetCalls, var budgetConcurrency, var budgetLimit, var budgetPrefix])
{
    return await Connectors.Custom.Redis.Fleet.BudgetProof.RunAsync(
        new Uri(budgetEndpoint),
        budgetRedis,
        int.Parse(budgetCalls, CultureInfo.InvariantCulture),
        int.Parse(budgetConcurrency, CultureInfo.InvariantCulture),
        decimal.Parse(budgetLimit, CultureInfo.InvariantCulture),
        budgetPrefix);
}

// One application instance of the multi-process proof:
//   driver <endpoint> <redis configuration | none> <calls> <concurrency> <requests per minute> <window ms> <key prefix>
// It makes <calls> chat calls, <concurrency> at a time, through a connector limited to <requests per minute>, coordinated
// through Redis unless "none", and prints one line: ok=<n> failed=<n> (and the first failure's type and message).
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: driver <endpoint> <redis|none> <calls> <concurrency> <rpm> <window-ms> <prefix>");
    return 2;
}

var endpoint = new Uri(args[0]);
var redis = args[1];
var calls = int.Parse(args[2], CultureInfo.InvariantCulture);
var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
var rpm = int.Parse(args[4], CultureInfo.InvariantCulture);
var window = TimeSpan.FromMilliseconds(int.Parse(args[5], CultureInfo.InvariantCulture));

var services = new ServiceCollection();
if (redis != "none")
{
    services.AddCustomRedisCoordination(redis, o =>
    {
        o.KeyPrefix = args[6];
        o.Window = window;
        o.OperationTimeout = TimeSpan.FromSeconds(2);
    });
}

var options = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = endpoint, ApiKey = "sk-fleet-proof", EnableTelemetry = false };
options.Resilience.RateLimits.RequestsPerMinute = rpm;
options.Resilience.RateLimits.MaxQueueTime = TimeSpan.FromMinutes(5);
options.Resilience.Retry.MaxRetries = 10;
options.Resilience.CircuitBreaker.Enabled = false;
services.AddCustomChatCompletion(options);

// A warm-up service on the provider's unmetered route, as many calls at once as the run makes (one connection each):
// the first call of a fresh process is slow (JIT, connecting), and a request admitted early but arriving late would
// land in the provider's next window.
var warmUp = new CustomChatCompletionOptions { ModelId = "model-q", Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/warmup/v1"), ApiKey = "sk-fleet-proof", EnableTelemetry = false };
services.AddCustomChatCompletion(warmUp, serviceId: "warmup");
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IChatClient>();
var warmUpClient = provider.GetRequiredKeyedService<IChatClient>("warmup");
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => warmUpClient.GetResponseAsync("warm up")));

// Calls decided without Redis (it could not be reached in time): reported, since they were limited locally only.
var degraded = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Name == "connectors.custom.fleet.degraded")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref degraded, (int)value));
listener.Start();

var run = await Connectors.Custom.Redis.Fleet.CallRun.RunAsync(calls, concurrency, () => client.GetResponseAsync("hi"), static _ => false);
Console.WriteLine($"ok={run.Ok} failed={run.Failed} degraded={degraded}{run.FirstFailure}");
return 0;
