using System.Diagnostics;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Tests.Resilience;

/// <summary>A stream that fails after its first update is a failed call: logged at Error with what arrived, counted
/// by the circuit breaker and the failure metrics, its span marked as an error, and its reported usage recorded.</summary>
public sealed class MidStreamFailureTests : LoopbackTest
{
    private readonly string _model = "midstream-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CapturingLoggerProvider _logs = new();
    private readonly CustomUsageTracker _tracker = new();

    // The server drops the connection only once the client has both updates: a reset sent earlier could discard them.
    private TaskCompletionSource _clientHasBothUpdates = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IChatClient CreateRegisteredClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(_logs);
        services.AddSingleton<ICustomUsageTracker>(_tracker);
        services.AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = _model;
            o.Price = new ModelPrice { InputPerMillion = 1_000_000, OutputPerMillion = 1_000_000 };
            o.Resilience.Retry.MaxRetries = 0;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
        });
        return services.BuildServiceProvider().GetRequiredService<IChatClient>();
    }

    /// <summary>Two text chunks, the second carrying cumulative usage (as vLLM and NIM send it), then the connection drops.</summary>
    private void EnqueueStreamThatDropsAfterTwoUpdates() =>
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($"data: {Wire.TextChunk("Hel")}\n\n");
            await context.Response.WriteAsync("""data: {"id":"chatcmpl-s","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"}}],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}""" + "\n\n");
            await context.Response.Body.FlushAsync();
            await _clientHasBothUpdates.Task;
            context.Abort();
        });

    private async Task<(List<ChatResponseUpdate> Received, Exception Error)> StreamUntilFailureAsync(IChatClient client)
    {
        var received = new List<ChatResponseUpdate>();
        _clientHasBothUpdates = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hello"))
            {
                received.Add(update);
                if (received.Count == 2)
                {
                    _clientHasBothUpdates.TrySetResult();
                }
            }
        });
        return (received, error!);
    }

    [Fact]
    public async Task StreamDroppedAfterFirstUpdate_IsLoggedAtErrorWithWhatArrived()
    {
        EnqueueStreamThatDropsAfterTwoUpdates();

        var (received, error) = await StreamUntilFailureAsync(CreateRegisteredClient());

        Assert.Equal("Hello", string.Concat(received.Select(u => u.Text)));
        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, Assert.IsType<CustomProtocolException>(error).Kind);
        var failure = Assert.Single(_logs.Records, r => r.Level == LogLevel.Error && r.Category == "Connectors.Custom");
        Assert.Contains("after 2 update(s)", failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(CustomProtocolException), failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Records, r => r.Level == LogLevel.Information && r.Message.Contains("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamDroppedAfterFirstUpdate_RecordsTheUsageTheServerReported()
    {
        EnqueueStreamThatDropsAfterTwoUpdates();

        await StreamUntilFailureAsync(CreateRegisteredClient());

        var totals = Assert.Single(_tracker.GetTotals());
        Assert.Equal(Wire.Model, totals.ModelId);
        Assert.Equal(7, totals.InputTokens);
        Assert.Equal(2, totals.OutputTokens);
        Assert.Equal(9m, totals.Cost);
    }

    [Fact]
    public async Task StreamDroppedAfterFirstUpdate_MarksTheSpanAndTheDurationMetricAsAnError()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        EnqueueStreamThatDropsAfterTwoUpdates();

        await StreamUntilFailureAsync(CreateRegisteredClient());

        var span = Assert.Single(capture.Activities, a => a.DisplayName == $"chat {_model}");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(CustomProtocolException).FullName, span.GetTagItem("error.type"));
        Assert.Contains(capture.Measurements, m => m.Instrument == "gen_ai.client.operation.duration"
            && Equals(m.Tags.GetValueOrDefault("gen_ai.request.model"), _model)
            && Equals(m.Tags.GetValueOrDefault("error.type"), typeof(CustomProtocolException).FullName));
    }

    [Fact]
    public async Task StreamsDroppedAfterFirstUpdate_CountTowardTheCircuitBreaker()
    {
        using var capture = new TelemetryCapture(CustomTelemetry.SourceName);
        var client = CreateRegisteredClient();
        EnqueueStreamThatDropsAfterTwoUpdates();
        EnqueueStreamThatDropsAfterTwoUpdates();

        await StreamUntilFailureAsync(client);
        await StreamUntilFailureAsync(client);
        var (received, error) = await StreamUntilFailureAsync(client);

        Assert.Empty(received);
        Assert.IsType<CustomCircuitOpenException>(error);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains(capture.Measurements, m => m.Instrument == CustomTelemetry.CircuitTransitionsMetric
            && Equals(m.Tags.GetValueOrDefault("connectors.custom.circuit.state"), "open")
            && Equals(m.Tags.GetValueOrDefault("server.address"), $"127.0.0.1:{Server.BaseAddress.Port}"));
    }

    [Fact]
    public async Task StreamThatNeverEnds_IsCutByTheTotalTimeout_AfterItsFirstUpdate()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($"data: {Wire.TextChunk("Hel")}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = _model };
        options.Resilience.Timeouts.StreamIdleTimeout = null;
        options.Resilience.Timeouts.TotalTimeout = TimeSpan.FromSeconds(30);
        var client = new CustomChatClient(options, timeProvider: clock, loggerFactory: _logs);

        await using var updates = client.GetStreamingResponseAsync("hello").GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        var next = updates.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<CustomTimeoutException>(() => next);

        Assert.Equal(CustomTimeoutKind.Total, error.Kind);
        Assert.Single(_logs.Records, r => r.Level == LogLevel.Error && r.Message.Contains("after 1 update(s)", StringComparison.Ordinal));
    }
}
