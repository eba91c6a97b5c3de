using System.Diagnostics;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Tests.Diagnostics;

public sealed class TelemetryTests : LoopbackTest
{
    private readonly string _model = "otel-" + Guid.NewGuid().ToString("N")[..8];

    private Kernel CreateKernel(Action<CustomChatCompletionOptions>? configure = null, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddKernel().Services.AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = _model;
            o.Resilience.Retry.UseJitter = false;
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider().GetRequiredService<Kernel>();
    }

    private List<Activity> ChatSpans(TelemetryCapture capture) =>
        capture.Activities.Where(a => a.DisplayName == $"chat {_model}").ToList();

    [Fact]
    public async Task ChatSpan_FollowsTheGenAIConventions_AndNestsUnderTheKernelFunctionSpan()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName, "Microsoft.SemanticKernel");
        Server.EnqueueBody($$$"""{"id":"resp-7","model":"{{{_model}}}-served","choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}""");

        await CreateKernel().InvokePromptAsync("hello");

        var span = Assert.Single(ChatSpans(capture));
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai-compatible", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(_model, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(_model + "-served", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("resp-7", span.GetTagItem("gen_ai.response.id"));
        // M.E.AI writes the finish reasons as one JSON-array string.
        Assert.Equal("[\"stop\"]", span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(11, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(Server.BaseAddress.Port, Convert.ToInt32(span.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture));

        // Up the chain (through M.E.AI's function-orchestration span) to the kernel function's own span.
        var ancestors = new List<Activity>();
        for (var parent = capture.Activities.FirstOrDefault(a => a.SpanId == span.ParentSpanId); parent is not null; parent = capture.Activities.FirstOrDefault(a => a.SpanId == parent.ParentSpanId))
        {
            ancestors.Add(parent);
        }

        Assert.Contains(ancestors, a => a.Source.Name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal));
        Assert.All(ancestors, a => Assert.Equal(span.TraceId, a.TraceId));
    }

    [Fact]
    public async Task FailedCall_SetsErrorType()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        Server.EnqueueBody("""{"error":{"message":"nope"}}""", 400);

        await Assert.ThrowsAnyAsync<Exception>(() => CreateKernel().InvokePromptAsync("hello"));

        var span = Assert.Single(ChatSpans(capture));
        Assert.Equal(typeof(CustomEndpointException).FullName, span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task GenAIMetrics_AreRecorded()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        Server.EnqueueBody(Wire.Completion());

        await CreateKernel().InvokePromptAsync("hello");

        var mine = capture.Measurements.Where(m => Equals(m.Tags.GetValueOrDefault("gen_ai.request.model"), _model)).ToList();
        Assert.Contains(mine, m => m.Instrument == "gen_ai.client.operation.duration" && m.Value > 0);
        Assert.Contains(mine, m => m.Instrument == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "input") && m.Value == 10);
        Assert.Contains(mine, m => m.Instrument == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "output") && m.Value == 5);
    }

    [Fact]
    public async Task RetriesFailoversAndCost_AreOurOwnMetrics_WithSpanEvents()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        await using var backup = await LoopbackServer.StartAsync();
        var clock = new TestClock();
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", 503).EnqueueBody("""{"error":{"message":"busy"}}""", 503);
        backup.EnqueueBody(Wire.Completion(usage: """{"prompt_tokens":1000000,"completion_tokens":0,"total_tokens":1000000}"""));
        var kernel = CreateKernel(
            o =>
            {
                o.Resilience.Retry.MaxRetries = 1;
                o.Backups.Add(new CustomChatCompletionOptions { Endpoint = backup.BaseAddress, ModelId = _model, Price = new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 9m } });
            },
            clock);

        await clock.RunAsync(kernel.InvokePromptAsync("hello"));

        Assert.Contains(capture.Measurements, m => m.Instrument == CustomTelemetry.RetriesMetric && Equals(m.Tags["gen_ai.request.model"], _model));
        Assert.Contains(capture.Measurements, m => m.Instrument == CustomTelemetry.FailoversMetric && Equals(m.Tags["server.address"], $"127.0.0.1:{Server.BaseAddress.Port}"));
        Assert.Contains(capture.Measurements, m => m.Instrument == CustomTelemetry.CostMetric && Equals(m.Tags["gen_ai.request.model"], _model) && m.Value == 3.0);
        var span = Assert.Single(ChatSpans(capture));
        Assert.Contains(span.Events, e => e.Name == "connectors.custom.retry");
        Assert.Contains(span.Events, e => e.Name == "connectors.custom.failover");
    }

    [Fact]
    public async Task CircuitTransitions_AreCountedPerState_InTheOrderTheyHappen()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        var clock = new TestClock();
        using var client = CreateClient(clock, r =>
        {
            r.Retry.MaxRetries = 1;
            r.CircuitBreaker.MinimumThroughput = 2;
            r.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });
        Server.EnqueueBody("""{"error":{"message":"down"}}""", 503).EnqueueBody("""{"error":{"message":"down"}}""", 503);

        // Two failures open the circuit; after the break, a probe goes through half-open and closes it.
        await Assert.ThrowsAsync<CustomEndpointException>(() => clock.RunAsync(client.GetResponseAsync("one")));
        Assert.Equal(["open"], CircuitStates(capture));
        Server.EnqueueBody(Wire.Completion("healthy again"));
        clock.Advance(TimeSpan.FromSeconds(30));
        await client.GetResponseAsync("two");

        Assert.Equal(["open", "half_open", "closed"], CircuitStates(capture));
        Assert.All(Measured(capture, CustomTelemetry.CircuitTransitionsMetric), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task RateLimitWait_RecordsTheTimeACallWaitedForTheBudget_AndNothingForCallsThatDidNot()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        var clock = new TestClock();
        using var client = CreateClient(clock, r => r.RateLimits.RequestsPerMinute = 2);
        for (var i = 0; i < 3; i++)
        {
            Server.EnqueueBody(Wire.Completion());
        }

        await client.GetResponseAsync("1");
        await client.GetResponseAsync("2");
        Assert.Empty(Measured(capture, CustomTelemetry.RateLimitWaitMetric));
        var third = client.GetResponseAsync("3");
        var waited = await clock.AdvanceWhenWaitingAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(30), "the wait for the budget to refill");
        await third;

        var wait = Assert.Single(Measured(capture, CustomTelemetry.RateLimitWaitMetric));
        Assert.Equal(waited.TotalSeconds, wait.Value, precision: 6);
        Assert.Equal(30, wait.Value, precision: 3);
    }

    private CustomChatClient CreateClient(TestClock clock, Action<CustomResilienceOptions> configure)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = _model };
        options.Resilience.Retry.UseJitter = false;
        configure(options.Resilience);
        return new CustomChatClient(options, timeProvider: clock);
    }

    /// <summary>This test's measurements of one instrument: the loopback server's port tells them from other tests'.</summary>
    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(TelemetryCapture capture, string instrument) =>
        capture.Measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("server.address"), $"127.0.0.1:{Server.BaseAddress.Port}")).ToList();

    private List<string?> CircuitStates(TelemetryCapture capture) =>
        Measured(capture, CustomTelemetry.CircuitTransitionsMetric).Select(m => m.Tags["connectors.custom.circuit.state"] as string).ToList();

    [Fact]
    public async Task EmbeddingsSpan_IsPublished()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        Server.ServeEmbeddings();
        var generator = new ServiceCollection().AddCustomEmbeddingGenerator(_model, Server.BaseAddress).BuildServiceProvider()
            .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await generator.GenerateAsync(["a", "b"]);

        var span = Assert.Single(capture.Activities, a => a.DisplayName == $"embeddings {_model}");
        Assert.Equal("embeddings", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
    }

    [Fact]
    public async Task TelemetryOptOut_PublishesNoSpan()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        Server.EnqueueBody(Wire.Completion());

        await CreateKernel(o => o.EnableTelemetry = false).InvokePromptAsync("hello");

        Assert.Empty(ChatSpans(capture));
    }
}
