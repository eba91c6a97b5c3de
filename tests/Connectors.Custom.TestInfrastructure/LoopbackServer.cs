using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, free port) that replays responses written byte for byte, in order, and
/// records every request, so tests exercise the connector over real sockets, chunked transfer and SSE flushing.
/// </summary>
/// <remarks>For exact bytes (malformed streams, odd headers, a provider's literal payload). For a model that answers
/// by reading the request, use <c>Connectors.Custom.Testing</c>'s <c>LocalOpenAIServer</c> with a chat script.</remarks>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _unread = new();
    private Func<HttpContext, string, Task>? _fallback;

    private LoopbackServer(WebApplication app, int port)
    {
        _app = app;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/v1");
    }

    /// <summary>The API base address, including <c>/v1</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the requests received so far, in arrival order.</summary>
    public IReadOnlyList<LoopbackRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address).Port);
        return server;
    }

    /// <summary>Adds a responder for the next request that reads the request body itself, as it arrives (a large
    /// upload): it goes before the script, and the request is not recorded in <see cref="Requests"/>.</summary>
    /// <param name="responder">Reads the request and writes the response.</param>
    /// <returns>This server.</returns>
    public LoopbackServer EnqueueUnread(Func<HttpContext, Task> responder)
    {
        _unread.Enqueue(responder);
        return this;
    }

    /// <summary>Adds a responder for the next request.</summary>
    public LoopbackServer Enqueue(Func<HttpContext, Task> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    /// <summary>Answers every request the script has no entry for; the responder also gets the request body.</summary>
    public LoopbackServer SetFallback(Func<HttpContext, string, Task> responder)
    {
        _fallback = responder;
        return this;
    }

    /// <summary>Answers the next request with a body (JSON unless told otherwise).</summary>
    public LoopbackServer EnqueueBody(string body, int status = 200, string contentType = "application/json", IDictionary<string, string>? headers = null) =>
        Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            foreach (var header in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            await context.Response.WriteAsync(body);
        });

    /// <summary>Answers the next request with an SSE stream written exactly as given, flushing after every line
    /// so each event travels in its own network write.</summary>
    public LoopbackServer EnqueueStream(string rawStream) =>
        Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var line in rawStream.Split('\n'))
            {
                await context.Response.WriteAsync(line + "\n");
                await context.Response.Body.FlushAsync();
            }
        });

    /// <summary>Answers the next request with SSE <c>data:</c> events built from the given JSON payloads, then
    /// <c>[DONE]</c> unless told otherwise.</summary>
    public LoopbackServer EnqueueEvents(IEnumerable<string> payloads, bool done = true)
    {
        var text = new StringBuilder();
        foreach (var payload in payloads)
        {
            text.Append("data: ").Append(payload).Append("\n\n");
        }

        if (done)
        {
            text.Append("data: [DONE]\n\n");
        }

        return EnqueueStream(text.ToString().TrimEnd('\n') + "\n");
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (_unread.TryDequeue(out var readsItself))
        {
            await readsItself(context);
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new LoopbackRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));

        if (!_script.TryDequeue(out var responder) && _fallback is { } fallback)
        {
            await fallback(context, body);
            return;
        }

        if (responder is null)
        {
            context.Response.StatusCode = 599;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"the test script has no response for this request\"}}");
            return;
        }

        await responder(context);
    }
}

/// <summary>A request the <see cref="LoopbackServer"/> received (named apart from the local server's
/// <c>RecordedRequest</c>, which carries bytes and the injected fault).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query.</param>
/// <param name="Headers">The headers, names case-insensitive.</param>
/// <param name="Body">The body as UTF-8 text.</param>
public sealed record LoopbackRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Gets the body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
