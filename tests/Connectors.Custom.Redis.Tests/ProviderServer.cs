using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Redis.Tests;

/// <summary>A real OpenAI-compatible chat server on 127.0.0.1 (Kestrel, free port) that counts the requests it gets
/// and answers each with what the test decides (a completion by default).</summary>
internal sealed class ProviderServer : IAsyncDisposable
{
    private const string Completion = """{"id":"c","object":"chat.completion","created":1700000000,"model":"model-a","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";

    private readonly WebApplication _app;
    private int _requests;

    private ProviderServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets or sets the answer to request number n (from 1): status and Retry-After seconds; null answers 200.</summary>
    public Func<int, (int Status, int? RetryAfter)?> Answer { get; set; } = _ => null;

    public static async Task<ProviderServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var server = new ProviderServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        if (Answer(number) is { } answer)
        {
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync("""{"error":{"message":"slow down","type":"rate_limit_exceeded"}}""");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Completion);
    }
}
