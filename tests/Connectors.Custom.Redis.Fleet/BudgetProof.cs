using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Redis.Fleet;

/// <summary>One application instance of the budget proof: <c>calls</c> chat calls, <c>concurrency</c> at a time,
/// through a connector whose service budget is <c>limit</c> dollars, shared through Redis unless "none". The model
/// costs ten cents a token, so each answer of the quota server (15 tokens) costs $1.50 and each call, allowing 20
/// output tokens for "hi", is estimated at 21 tokens ($2.10). Prints one line: ok, refused (by the budget), failed
/// (anything else) and what this process spent by its own tracker.</summary>
internal static class BudgetProof
{
    public static async Task<int> RunAsync(Uri endpoint, string redis, int calls, int concurrency, decimal limit, string prefix)
    {
        var services = new ServiceCollection();
        if (redis != "none")
        {
            services.AddCustomRedisCoordination(redis, o =>
            {
                o.KeyPrefix = prefix;
                o.OperationTimeout = TimeSpan.FromSeconds(2);
            });
        }

        var options = new CustomChatCompletionOptions
        {
            ModelId = "model-q",
            Endpoint = endpoint,
            ApiKey = "sk-fleet-proof",
            EnableTelemetry = false,
            Price = new ModelPrice { InputPerMillion = 100_000m, OutputPerMillion = 100_000m },
        };
        options.Budget.ServiceLimit = limit;
        options.Resilience.Retry.MaxRetries = 0;
        services.AddCustomChatCompletion(options, serviceId: "fleet-budget");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredKeyedService<IChatClient>("fleet-budget");
        var tracker = provider.GetRequiredService<CustomUsageTracker>();

        var run = await CallRun.RunAsync(
            calls,
            concurrency,
            () => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 20 }),
            static ex => ex is CustomBudgetExceededException);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok={run.Ok} refused={run.Refused} failed={run.Failed} spent={tracker.GetSpent()}{run.FirstFailure}"));
        return 0;
    }
}
