using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Redis.Fleet;

/// <summary>A local OpenAI-compatible provider (Kestrel on 127.0.0.1, free port) that enforces a quota across all its
/// clients as a provider does per key: at most <c>quota</c> requests in any sliding window; past it, 429 with
/// <c>retry-after-ms</c> saying when a slot frees up. A second route, <c>/warmup/v1</c>, answers without counting.</summary>
public sealed class QuotaServer : IAsyncDisposable
{
    private const string Completion = """{"id":"c","object":"chat.completion","created":1700000000,"model":"model-q","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";

    private readonly WebApplication _app;
    private readonly int _quota;
    private readonly TimeSpan _window;
    private readonly Queue<long> _accepted = new();
    private readonly object _gate = new();
    private int _requests;
    private int _admitted;
    private int _rejected;
    private int _withRejectedField;

    private QuotaServer(WebApplication app, int quota, TimeSpan window)
    {
        _app = app;
        _quota = quota;
        _window = window;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets how many requests arrived on the metered route.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets or sets a scripted answer to request number n (from 1), before the quota is applied: a status
    /// and a <c>Retry-After</c> in seconds; null lets the quota decide.</summary>
    public Func<int, (int Status, int? RetryAfterSeconds)?> Answer { get; set; } = static _ => null;

    /// <summary>Gets or sets a request field the provider rejects with 400 naming it, as a server that does not support
    /// it does; null rejects none.</summary>
    public string? RejectedField { get; set; }

    /// <summary>Gets how many requests carried <see cref="RejectedField"/>.</summary>
    public int RequestsWithRejectedField => Volatile.Read(ref _withRejectedField);

    /// <summary>Gets how many requests were answered 200.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Gets how many requests were answered 429.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<QuotaServer> StartAsync(int quota, TimeSpan window)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var server = new QuotaServer(app, quota, window);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/warmup/v1/chat/completions", static context =>
        {
            // Unmetered: lets each client warm up (JIT, connections) before the measured run.
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(Completion);
        });
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (Answer(Interlocked.Increment(ref _requests)) is { } scripted)
        {
            context.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync("""{"error":{"message":"scripted failure","type":"rate_limit_exceeded"}}""");
            return;
        }

        if (RejectedField is { } field)
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            if ((await reader.ReadToEndAsync()).Contains($"\"{field}\":", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _withRejectedField);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync($$$"""{"error":{"message":"Unsupported parameter: '{{{field}}}' is not supported with this model.","type":"invalid_request_error","param":"{{{field}}}"}}""");
                return;
            }
        }

        TimeSpan? wait = null;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            while (_accepted.Count > 0 && Stopwatch.GetElapsedTime(_accepted.Peek(), now) >= _window)
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count >= _quota)
            {
                wait = _window - Stopwatch.GetElapsedTime(_accepted.Peek(), now);
            }
            else
            {
                _accepted.Enqueue(now);
            }
        }

        if (wait is { } retryAfter)
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers["retry-after-ms"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("""{"error":{"message":"quota exceeded","type":"rate_limit_exceeded"}}""");
            return;
        }

        Interlocked.Increment(ref _admitted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Completion);
    }
}
