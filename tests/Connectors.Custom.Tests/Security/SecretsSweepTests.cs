using System.Collections;
using System.Diagnostics;
using Connectors.Custom.Tests.Infrastructure;
using Connectors.Custom.Tests.Probe;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Tests.Security;

/// <summary>
/// One sweep over every public path — chat, streaming, tools, embeddings, errors, retries, failover, probe — with a
/// canary API key and a canary password in the endpoint's user info, including servers that echo the key back in
/// their error bodies. Neither canary may appear in any log record (Trace and up), exception (message, response
/// content, provider error, data, inner exceptions), span (name, tags, events, status), metric tag or probe report.
/// </summary>
public sealed class SecretsSweepTests : LoopbackTest
{
    private const string CanaryKey = "sk-CANARY-KEY-5c1e0b7d9a";
    private const string CanaryPassword = "CANARY-PASS-7f3a91";

    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<Exception> _exceptions = [];

    [Fact]
    public async Task NoPublicPath_RevealsTheKeyOrThePasswordInTheEndpoint()
    {
        await using var backupServer = await LoopbackServer.StartAsync();
        using var telemetry = new TelemetryCapture(string.Empty);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(_logs);
        services.AddKernel().Plugins.AddFromObject(new MathPlugin(), "Math");
        services.AddCustomChatCompletion(o =>
        {
            Configure(o, Server);
            o.Resilience.Retry.MaxRetries = 1;
            var backup = new CustomChatCompletionOptions();
            Configure(backup, backupServer);
            o.Backups.Add(backup);
        });
        services.AddCustomEmbeddingGenerator(o => Configure(o, Server));
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        var embeddings = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var kernel = provider.GetRequiredService<Kernel>();

        // Chat, streaming, tools, embeddings: the happy paths.
        Server.EnqueueBody(Wire.Completion("plain answer"));
        await chat.GetResponseAsync("hi");
        Server.EnqueueEvents([Wire.TextChunk("streamed"), Wire.TextChunk(" answer", "stop"), Wire.UsageChunk()]);
        await foreach (var update in chat.GetStreamingResponseAsync("hi"))
        {
        }

        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"call_1","type":"function","function":{"name":"Math_Add","arguments":"{\"a\":1,\"b\":2}"}}]"""))
            .EnqueueBody(Wire.Completion("3"));
        await kernel.InvokePromptAsync("add", new(new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));
        Server.EnqueueBody("""{"data":[{"index":0,"embedding":[0.25,0.5]}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}""");
        await embeddings.GenerateAsync(["text"]);

        // Errors, every one echoing the key the server received: JSON, plain text, in-band in a stream, embeddings.
        Server.Enqueue(EchoKey(401, json: true));
        await CaptureAsync(() => chat.GetResponseAsync("hi"));
        Server.Enqueue(EchoKey(403, json: false));
        await CaptureAsync(() => chat.GetResponseAsync("hi"));
        Server.Enqueue(EchoKeyInStream);
        await CaptureAsync(async () =>
        {
            await foreach (var update in chat.GetStreamingResponseAsync("hi"))
            {
            }
        });
        Server.Enqueue(EchoKey(400, json: true));
        await CaptureAsync(() => embeddings.GenerateAsync(["text"]));
        Server.Enqueue(EchoKey(401, json: true));
        await CaptureAsync(() => kernel.InvokePromptAsync("hi"));

        // A retry (the first answer echoes the key), then failover once the primary keeps failing.
        Server.Enqueue(EchoKey(503, json: true, retryAfterMs: "1")).EnqueueBody(Wire.Completion("after a retry"));
        await chat.GetResponseAsync("hi");
        Server.Enqueue(EchoKey(500, json: true)).Enqueue(EchoKey(500, json: true));
        backupServer.EnqueueBody(Wire.Completion("from the backup"));
        var failedOver = await chat.GetResponseAsync("hi");

        // The probe, against a server that rejects tool calls by echoing the key.
        Server.SetFallback((context, body) => body.Contains("\"tools\"", StringComparison.Ordinal)
            ? EchoKey(401, json: true)(context)
            : ImitationServer.HandleAsync(context, body, new ImitationProfile { Models = [Wire.Model, "embed-model"] }));
        var report = await CustomEndpointProbe.RunAsync(new CustomProbeOptions
        {
            Endpoint = WithPassword(Server),
            ModelId = Wire.Model,
            EmbeddingModelId = "embed-model",
            ApiKey = CanaryKey,
            CheckTimeout = TimeSpan.FromSeconds(10),
        });

        // The sweep saw what it claims to have swept: the key went out, came back in bodies, and was recorded.
        Assert.Equal("from the backup", failedOver.Text);
        Assert.Contains(Server.Requests, r => r.Headers.GetValueOrDefault("Authorization") == $"Bearer {CanaryKey}");
        Assert.Contains(backupServer.Requests, r => r.Headers.GetValueOrDefault("Authorization") == $"Bearer {CanaryKey}");
        Assert.True(_exceptions.Count >= 5, $"{_exceptions.Count} exceptions captured");
        Assert.Contains(_exceptions, e => e.ToString().Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.Contains(report.Checks, c => c.Outcome != CustomProbeOutcome.Supported);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Trace);
        Assert.Contains(_logs.Records, r => r.Level >= LogLevel.Warning);
        var spans = telemetry.Activities;
        Assert.Contains(spans, s => s.Source.Name == CustomTelemetry.SourceName);
        Assert.NotEmpty(telemetry.Measurements);

        var leaks = Texts(report, spans, telemetry.Measurements)
            .Where(t => t.Text.Contains(CanaryKey, StringComparison.Ordinal) || t.Text.Contains(CanaryPassword, StringComparison.Ordinal))
            .Select(t => $"{t.Where}: {t.Text}")
            .ToList();
        Assert.True(leaks.Count == 0, "A canary leaked:\n" + string.Join("\n", leaks.Take(10)));
    }

    private static void Configure(CustomEndpointOptions options, LoopbackServer server)
    {
        options.Endpoint = WithPassword(server);
        options.ModelId = Wire.Model;
        options.ApiKey = CanaryKey;
        options.LogSensitiveContent = true;
        options.Resilience.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.Retry.UseJitter = false;
    }

    private static Uri WithPassword(LoopbackServer server) =>
        new($"http://sweep-user:{CanaryPassword}@127.0.0.1:{server.BaseAddress.Port}/v1");

    /// <summary>Answers with an error whose body repeats the Authorization header the server received, as some
    /// gateways do for a key they reject.</summary>
    private static Func<HttpContext, Task> EchoKey(int status, bool json, string? retryAfterMs = null) => async context =>
    {
        var received = context.Request.Headers.Authorization.ToString();
        context.Response.StatusCode = status;
        if (retryAfterMs is not null)
        {
            context.Response.Headers["retry-after-ms"] = retryAfterMs;
        }

        context.Response.ContentType = json ? "application/json" : "text/plain";
        await context.Response.WriteAsync(json
            ? $$$"""{"error":{"message":"Incorrect API key provided: {{{received}}}","type":"invalid_request_error","param":"{{{received}}}","code":"invalid_api_key"}}"""
            : $"Unauthorized: {received}");
    };

    private static async Task EchoKeyInStream(HttpContext context)
    {
        var received = context.Request.Headers.Authorization.ToString();
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: " + Wire.TextChunk("partial") + "\n\n");
        await context.Response.WriteAsync($$$"""data: {"error":{"message":"key {{{received}}} was revoked mid-stream"}}""" + "\n\n");
    }

    private async Task CaptureAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
#pragma warning disable CA1031 // The sweep records every exception, whatever its type, to search it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exceptions.Add(ex);
        }
    }

    /// <summary>Every piece of text the sweep recorded, with where it came from.</summary>
    private IEnumerable<(string Where, string Text)> Texts(CustomProbeReport report, IReadOnlyList<Activity> spans, IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements)
    {
        foreach (var record in _logs.Records)
        {
            yield return ($"log {record.Category} {record.Level}", record.Message + " " + record.Exception);
        }

        foreach (var exception in _exceptions)
        {
            foreach (var text in Describe(exception))
            {
                yield return ($"exception {exception.GetType().Name}", text);
            }
        }

        foreach (var span in spans)
        {
            yield return ($"span {span.Source.Name}", $"{span.DisplayName} {span.OperationName} {span.StatusDescription}");
            foreach (var tag in span.TagObjects)
            {
                yield return ($"span {span.DisplayName} tag {tag.Key}", $"{tag.Value}");
            }

            foreach (var spanEvent in span.Events)
            {
                yield return ($"span {span.DisplayName} event", spanEvent.Name + " " + string.Join(" ", spanEvent.Tags.Select(t => $"{t.Key}={t.Value}")));
            }

            foreach (var item in span.Baggage)
            {
                yield return ($"span {span.DisplayName} baggage", $"{item.Key}={item.Value}");
            }
        }

        foreach (var (instrument, _, tags) in measurements)
        {
            yield return ($"metric {instrument}", string.Join(" ", tags.Select(t => $"{t.Key}={t.Value}")));
        }

        yield return ("probe report", $"{report.Endpoint} {string.Join(" ", report.QuirkReasons)} {report.ToQuirksJson()}");
        foreach (var check in report.Checks)
        {
            yield return ($"probe check {check.Name}", check.Detail);
        }
    }

    /// <summary>Everything an exception can show: its text, the server's body it kept, its data, and the same for each
    /// inner exception.</summary>
    private static IEnumerable<string> Describe(Exception exception)
    {
        yield return exception.ToString();
        yield return exception.Message;
        if (exception is HttpOperationException { ResponseContent: { } content })
        {
            yield return content;
        }

        if (exception is CustomEndpointException endpoint)
        {
            yield return $"{endpoint.ProviderError} {endpoint.Endpoint} {endpoint.RequestId}";
        }

        foreach (DictionaryEntry entry in exception.Data)
        {
            yield return $"{entry.Key}={entry.Value}";
        }

        IEnumerable<Exception> inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var text in inner.SelectMany(Describe))
        {
            yield return text;
        }
    }
}
