using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Moq;

namespace Connectors.Custom.Tests.Diagnostics;

public sealed class LoggingTests : LoopbackTest
{
    private const string Key = "sk-live-0123456789abcdefSECRET";
    private readonly CapturingLoggerProvider _logs = new();
    private readonly TestClock _clock = new();

    private CustomChatClient CreateClient(Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, ApiKey = Key };
        options.Resilience.Retry.UseJitter = false;
        configure?.Invoke(options);
        return new CustomChatClient(options, timeProvider: _clock, loggerFactory: _logs);
    }

    private IEnumerable<CapturingLoggerProvider.LogRecord> At(LogLevel level) => _logs.Records.Where(r => r.Level == level && r.Category == "Connectors.Custom");

    [Fact]
    public async Task Success_IsLoggedAtInformationWithTheFiguresOperatorsNeed()
    {
        Server.EnqueueBody(Wire.Completion("hi", usage: """{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}"""));

        await CreateClient(o => o.Price = new ModelPrice { InputPerMillion = 1, OutputPerMillion = 2 }).GetResponseAsync("hello");

        var line = Assert.Single(At(LogLevel.Information)).Message;
        Assert.Contains($"127.0.0.1:{Server.BaseAddress.Port}", line, StringComparison.Ordinal);
        Assert.Contains(Wire.Model, line, StringComparison.Ordinal);
        Assert.Contains("12 input and 3 output tokens", line, StringComparison.Ordinal);
        Assert.Contains("finish reason stop", line, StringComparison.Ordinal);
        Assert.Contains("1 attempt(s)", line, StringComparison.Ordinal);
        Assert.Contains("cost 0.000018 USD", line, StringComparison.Ordinal);
        Assert.Single(At(LogLevel.Debug), r => r.Message.Contains("starting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserSuppliedLogger_GetsOnlyTheLevelsItEnables_AndNeverTheKey()
    {
        Server.EnqueueBody("""{"error":{"message":"overloaded"}}""", 503).EnqueueBody(Wire.Completion());
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns<LogLevel>(level => level >= LogLevel.Warning);
        var factory = new Mock<ILoggerFactory>();
        factory.Setup(f => f.CreateLogger(It.IsAny<string>())).Returns(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        factory.Setup(f => f.CreateLogger("Connectors.Custom")).Returns(logger.Object);
        var options = new CustomChatCompletionOptions { Endpoint = Server.BaseAddress, ModelId = Wire.Model, ApiKey = Key };
        options.Resilience.Retry.UseJitter = false;
        using var client = new CustomChatClient(options, timeProvider: _clock, loggerFactory: factory.Object);

        var call = client.GetResponseAsync("hi");
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await call;

        // One warning for the retry (event 3, with its structured fields); the Debug start and Information success lines
        // are not even formatted, since the logger does not enable them.
        logger.Verify(
            l => l.Log(
                LogLevel.Warning,
                It.Is<EventId>(e => e.Id == 3),
                It.Is<It.IsAnyType>((state, _) => Field(state, "Attempt") == "1" && Field(state, "DelayMs") == "1000" && !state.ToString()!.Contains(Key, StringComparison.Ordinal)),
                It.IsAny<Exception?>(),
                It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Once);
        logger.Verify(
            l => l.Log(It.Is<LogLevel>(level => level < LogLevel.Warning), It.IsAny<EventId>(), It.IsAny<It.IsAnyType>(), It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Never);
    }

    private static string? Field(object state, string name) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> fields
            ? Convert.ToString(fields.FirstOrDefault(f => f.Key == name).Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [Fact]
    public async Task Streaming_SuccessLogsTimeToFirstToken()
    {
        Server.EnqueueEvents([Wire.TextChunk("a"), Wire.TextChunk("b", "stop"), Wire.UsageChunk(4, 2)]);

        await foreach (var update in CreateClient().GetStreamingResponseAsync("hello"))
        {
        }

        var line = Assert.Single(At(LogLevel.Information)).Message;
        Assert.Matches(@"first token: \d+ ms", line);
        Assert.Contains("4 input and 2 output tokens", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetriesAndFailuresAreWarningsAndErrors_WithStatusAndProviderText()
    {
        Server.EnqueueBody("""{"error":{"message":"overloaded"}}""", 503).EnqueueBody("""{"error":{"message":"model is gone"}}""", 404);

        await Assert.ThrowsAsync<CustomEndpointException>(() => _clock.RunAsync(CreateClient().GetResponseAsync("hi")));

        var retry = Assert.Single(At(LogLevel.Warning)).Message;
        Assert.Contains("HTTP 503", retry, StringComparison.Ordinal);
        Assert.Contains("retrying in", retry, StringComparison.Ordinal);
        var failure = Assert.Single(At(LogLevel.Error)).Message;
        Assert.Contains("status 404", failure, StringComparison.Ordinal);
        Assert.Contains("model is gone", failure, StringComparison.Ordinal);
        Assert.Contains("2 attempt(s)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_IsAWarningNamingBothEndpoints()
    {
        await using var backup = await LoopbackServer.StartAsync();
        backup.EnqueueBody(Wire.Completion());
        Server.EnqueueBody("""{"error":{"message":"down"}}""", 503);

        await _clock.RunAsync(CreateClient(o =>
        {
            o.Resilience.Retry.MaxRetries = 0;
            o.Backups.Add(new CustomChatCompletionOptions { Endpoint = backup.BaseAddress, ModelId = "b" });
        }).GetResponseAsync("hi"));

        var line = Assert.Single(At(LogLevel.Warning)).Message;
        Assert.Contains("moving the call to " + backup.BaseAddress.ToString().TrimEnd('/'), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptsAndCompletions_AreLoggedOnlyWhenSensitiveLoggingIsOn()
    {
        Server.EnqueueBody(Wire.Completion("the secret answer")).EnqueueBody(Wire.Completion("the secret answer"));

        await CreateClient().GetResponseAsync("my private question");
        Assert.DoesNotContain(_logs.Records, r => r.Message.Contains("private question", StringComparison.Ordinal) || r.Message.Contains("secret answer", StringComparison.Ordinal));

        await CreateClient(o => o.LogSensitiveContent = true).GetResponseAsync("my private question");
        var sensitive = At(LogLevel.Trace).Select(r => r.Message).ToList();
        Assert.Contains(sensitive, m => m.Contains("my private question", StringComparison.Ordinal));
        Assert.Contains(sensitive, m => m.Contains("the secret answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiKey_NeverAppearsInAnyLogRecordOfAFullRun()
    {
        // A full run through the kernel: success, a retry, an error that echoes the key, an in-stream error that echoes
        // it too, and a failover; sensitive logging on, so prompts and completions are logged as well.
        await using var backup = await LoopbackServer.StartAsync();
        Server.EnqueueBody(Wire.Completion("ok"))
            .EnqueueBody($$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}"}}""", 503)
            .EnqueueBody($$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}"}}""", 401)
            .EnqueueStream($$$"""data: {"error":{"message":"key {{{Key}}} revoked"}}""" + "\n\n");
        backup.EnqueueBody(Wire.Completion("from backup"));
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(_logs);
        services.AddSingleton<TimeProvider>(_clock);
        var kernel = services.AddKernel().Services.AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = Wire.Model;
            o.ApiKey = Key;
            o.LogSensitiveContent = true;
            o.Resilience.Retry.MaxRetries = 1;
            o.Backups.Add(new CustomChatCompletionOptions { Endpoint = backup.BaseAddress, ModelId = "b", ApiKey = Key });
        }).BuildServiceProvider().GetRequiredService<Kernel>();

        await kernel.InvokePromptAsync("one");
        await Assert.ThrowsAnyAsync<Exception>(() => _clock.RunAsync(kernel.InvokePromptAsync("two")));
        var streamed = string.Empty;
        await foreach (var chunk in kernel.InvokePromptStreamingAsync("three"))
        {
            streamed += chunk;
        }

        // The in-stream error came before any update, so the call failed over to the backup.
        Assert.Equal("from backup", streamed);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Error);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Warning);

        Assert.NotEmpty(_logs.Records);
        Assert.All(_logs.Records, r =>
        {
            Assert.DoesNotContain(Key, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, r.Exception ?? string.Empty, StringComparison.Ordinal);
        });
    }
}
