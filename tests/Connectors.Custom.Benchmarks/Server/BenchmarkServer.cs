using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// The loopback OpenAI-compatible server the harness measures clients against. It runs in its own process so that
/// its CPU time and allocations never show up in the client's figures.
/// </summary>
internal static class BenchmarkServer
{
    /// <summary>The line prefix that announces the bound port on stdout; <see cref="Harness.ChildServer"/> parses it.</summary>
    public const string PortAnnouncement = "PORT=";

    public const string StatsPath = "/bench/stats";

    public const string ChatStatsPath = "/bench/chat-stats";

    /// <summary>Serves until <paramref name="cancellationToken"/> fires or the process <paramref name="parentProcessId"/>
    /// exits, so a harness that is killed outright does not leave its server behind.</summary>
    public static async Task RunAsync(int port, int? parentProcessId, CancellationToken cancellationToken)
    {
        // Built before listening, so no measured request pays for building the common bodies.
        var served = new ServedRequests();
        var embeddings = new EmbeddingEndpoint(new EmbeddingResponses(), served);
        var chatServed = new ServedChatRequests();
        var chat = new ChatEndpoint(new ChatResponses(), chatServed);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.Run(context => (context.Request.Method, context.Request.Path.Value) switch
        {
            ("POST", "/v1/embeddings") => embeddings.HandleAsync(context),
            ("POST", "/v1/chat/completions") => chat.HandleAsync(context),
            ("POST", "/v1/audio/transcriptions") => AudioEndpoint.TranscribeAsync(context),
            ("POST", "/v1/audio/speech") => AudioEndpoint.SpeakAsync(context),
            ("GET", StatsPath) => context.Response.WriteAsync(JsonSerializer.Serialize(served.Snapshot(), JsonSerializerOptions.Web), context.RequestAborted),
            ("GET", ChatStatsPath) => context.Response.WriteAsync(JsonSerializer.Serialize(chatServed.Snapshot(), JsonSerializerOptions.Web), context.RequestAborted),
            _ => NotFound(context),
        });

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Console.WriteLine($"{PortAnnouncement}{new Uri(address).Port}");

        await WaitForShutdownAsync(parentProcessId, cancellationToken);
        await app.StopAsync(CancellationToken.None);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    internal static async Task WaitForShutdownAsync(int? parentProcessId, CancellationToken cancellationToken)
    {
        try
        {
            if (parentProcessId is { } id)
            {
                using var parent = Process.GetProcessById(id);
                await parent.WaitForExitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or the harness stopping us: a normal shutdown.
        }
        catch (ArgumentException)
        {
            // The parent had already exited before we looked.
        }
    }
}
