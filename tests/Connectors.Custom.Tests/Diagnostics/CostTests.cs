using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Connectors.Custom.Tests.Diagnostics;

public sealed class CostTests : LoopbackTest
{
    private static readonly ModelPrice Price = new() { InputPerMillion = 2m, CachedInputPerMillion = 0.5m, OutputPerMillion = 8m };

    [Fact]
    public void ModelPrice_ChargesCachedInputAtItsOwnRate()
    {
        Assert.Equal(((600 * 2m) + (400 * 0.5m) + (100 * 8m)) / 1_000_000m, Price.Compute(1000, 400, 100));
    }

    [Fact]
    public void Catalogue_KnowsWellKnownModels_AndNotOthers()
    {
        Assert.Equal(0.15m, CustomPricingCatalog.GetDefaultPrice("gpt-4o-mini")!.InputPerMillion);
        Assert.NotNull(CustomPricingCatalog.GetDefaultPrice("deepseek-chat"));
        Assert.Null(CustomPricingCatalog.GetDefaultPrice("my-finetune"));
    }

    [Fact]
    public async Task Result_CarriesItsCost_AndLocalModelsAreFree()
    {
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_tokens_details":{"cached_tokens":400}}"""))
            .EnqueueBody(Wire.Completion());
        var priced = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", Price = Price });
        var local = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "gpt-4o" });

        var pricedResponse = await priced.GetResponseAsync("hi");
        var localResponse = await local.GetResponseAsync("hi");

        Assert.Equal(Price.Compute(1000, 400, 100), pricedResponse.AdditionalProperties![CustomMetadataKeys.Cost]);
        Assert.Equal(0m, localResponse.AdditionalProperties![CustomMetadataKeys.Cost]);
    }

    [Fact]
    public async Task StreamingCost_RidesOnTheUsageUpdate_AndReachesSkMetadata()
    {
        Server.EnqueueEvents([Wire.TextChunk("a", "stop"), Wire.UsageChunk(1000, 100)]);
        var kernel = Kernel.CreateBuilder().AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = "m";
            o.Price = Price;
        }).Build();

        var costs = new List<object?>();
        await foreach (var update in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync("hi"))
        {
            if (update.Metadata?.TryGetValue(CustomMetadataKeys.Cost, out var cost) == true)
            {
                costs.Add(cost);
            }
        }

        Assert.Equal([Price.Compute(1000, 0, 100)], costs);
    }

    [Fact]
    public async Task Tracker_SumsPerServiceModelAndKernelFunction()
    {
        for (var i = 0; i < 3; i++)
        {
            Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":100,"completion_tokens":10,"total_tokens":110}"""));
        }

        var kernel = Kernel.CreateBuilder().AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = "m";
            o.Price = Price;
        }, serviceId: "writer").Build();
        var summarize = KernelFunctionFactory.CreateFromPrompt("Summarize", functionName: "Summarize");
        kernel.Plugins.AddFromFunctions("Docs", [summarize]);

        await kernel.InvokeAsync("Docs", "Summarize");
        await kernel.InvokeAsync("Docs", "Summarize");
        await kernel.GetRequiredService<IChatCompletionService>("writer").GetChatMessageContentAsync("direct");

        var totals = kernel.Services.GetRequiredService<CustomUsageTracker>().GetTotals();
        var inFunction = Assert.Single(totals, t => t.FunctionName == "Docs.Summarize");
        // Usage is kept under the model that answered (the loopback server reports its own name).
        Assert.Equal(("writer", Wire.Model, 2L, 200L, 20L), (inFunction.ServiceId, inFunction.ModelId, inFunction.Calls, inFunction.InputTokens, inFunction.OutputTokens));
        Assert.Equal(2 * Price.Compute(100, 0, 10), inFunction.Cost);
        Assert.Single(totals, t => t.FunctionName is null && t.Calls == 1);
        Assert.Equal(3 * Price.Compute(100, 0, 10), kernel.Services.GetRequiredService<ICustomUsageTracker>().GetSpent("writer"));
    }

    [Fact]
    public async Task UserSuppliedTracker_ReceivesOneRecordPerSuccessfulCall_WithItsUsageCostAndFunction()
    {
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_tokens_details":{"cached_tokens":400}}"""))
            .EnqueueBody("""{"error":{"message":"bad request"}}""", 400);
        var tracker = new Mock<ICustomUsageTracker>(MockBehavior.Strict);
        tracker.Setup(t => t.Record(It.IsAny<CustomUsageRecord>()));
        tracker.Setup(t => t.GetSpent(It.IsAny<string?>())).Returns(0m);
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(tracker.Object);
        builder.AddCustomChatCompletion(
            o =>
            {
                o.Endpoint = Server.BaseAddress;
                o.ModelId = "m";
                o.Price = Price;
            },
            serviceId: "writer");
        var kernel = builder.Build();
        kernel.Plugins.AddFromFunctions("Docs", [KernelFunctionFactory.CreateFromPrompt("Summarize", functionName: "Summarize")]);

        await kernel.InvokeAsync("Docs", "Summarize");
        await Assert.ThrowsAnyAsync<Exception>(() => kernel.InvokeAsync("Docs", "Summarize"));

        // The registered tracker replaced the default one, got the successful call (attributed to the kernel function,
        // under the model that answered) and nothing for the failed one.
        Assert.Same(tracker.Object, kernel.Services.GetRequiredService<ICustomUsageTracker>());
        tracker.Verify(
            t => t.Record(It.Is<CustomUsageRecord>(r =>
                r.ServiceId == "writer" && r.ModelId == Wire.Model && r.FunctionName == "Docs.Summarize"
                && r.Endpoint.StartsWith($"http://127.0.0.1:{Server.BaseAddress.Port}", StringComparison.Ordinal)
                && r.InputTokens == 1000 && r.CachedInputTokens == 400 && r.OutputTokens == 100
                && r.Cost == Price.Compute(1000, 400, 100))),
            Times.Once);
        tracker.Verify(t => t.Record(It.IsAny<CustomUsageRecord>()), Times.Once);
    }

    [Fact]
    public async Task Budget_RefusesOnceSpent_BeforeSending()
    {
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000000,"completion_tokens":0,"total_tokens":1000000}"""));
        var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", Price = Price, Budget = { ServiceLimit = 1m } });

        await client.GetResponseAsync("expensive");
        var error = await Assert.ThrowsAsync<CustomBudgetExceededException>(() => client.GetResponseAsync("again"));

        Assert.Equal(1m, error.Limit);
        Assert.Equal(2m, error.Spent);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task DailyBudget_StartsAgainAtTheNextUtcDay()
    {
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000000,"completion_tokens":0,"total_tokens":1000000}""")).EnqueueBody(Wire.Completion());
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero));
        var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", Price = Price, Budget = { ServiceLimit = 1m, Period = BudgetPeriod.Day } }, timeProvider: clock);

        await client.GetResponseAsync("expensive");
        await Assert.ThrowsAsync<CustomBudgetExceededException>(() => client.GetResponseAsync("same day"));
        clock.Advance(TimeSpan.FromHours(1));
        await client.GetResponseAsync("next day");

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public void BudgetPeriods_NumberUtcDaysAndMonths()
    {
        var leapDay = new DateTimeOffset(2028, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5));
        Assert.Equal((2028 * 12L) + 2, BudgetPeriods.Current(BudgetPeriod.Month, leapDay));
        Assert.Equal((long)(new DateTime(2028, 3, 1) - DateTime.UnixEpoch).TotalDays, BudgetPeriods.Current(BudgetPeriod.Day, leapDay));
        Assert.Equal(0, BudgetPeriods.Current(BudgetPeriod.None, leapDay));
    }

    [Fact]
    public void BudgetPeriod_ThatIsNotDefined_IsRefusedAtConstruction()
    {
        var error = Assert.Throws<ArgumentException>(() => new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "m", Budget = { Period = (BudgetPeriod)7 } }));
        Assert.Contains("Budget.Period", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalBudget_CountsEveryServiceOfTheTracker_AndCanOnlyWarn()
    {
        Server.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000000,"completion_tokens":0,"total_tokens":1000000}""")).EnqueueBody(Wire.Completion());
        var tracker = new CustomUsageTracker();
        var logs = new CapturingLoggerProvider();
        var first = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "a", Price = Price }, usageTracker: tracker);
        var second = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = "b", Budget = { GlobalLimit = 1m, OnExceeded = BudgetAction.Warn } }, loggerFactory: logs, usageTracker: tracker);

        await first.GetResponseAsync("spend");
        await second.GetResponseAsync("still allowed");

        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("global budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmbeddingsCost_IsOnTheResult()
    {
        Server.ServeEmbeddings();
        var generator = new CustomEmbeddingGenerator(new CustomEmbeddingOptions { Endpoint = Server.BaseAddress, ModelId = "e", Price = new ModelPrice { InputPerMillion = 1m } });

        var embeddings = await generator.GenerateAsync(["some text to embed"]);

        Assert.Equal(embeddings.Usage!.InputTokenCount!.Value / 1_000_000m, embeddings.AdditionalProperties![CustomMetadataKeys.Cost]);
    }
}
