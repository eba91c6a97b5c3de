using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Custom.Testing;

/// <summary>
/// A local OpenAI-compatible server for tests and demos: Kestrel on 127.0.0.1 serving <c>POST /v1/chat/completions</c>
/// and <c>POST /v1/responses</c> (plain and streamed), <c>POST /v1/embeddings</c>, <c>POST /v1/images/generations</c>,
/// <c>POST /v1/rerank</c>, <c>POST /v1/score</c>, <c>POST /v1/audio/speech</c>, <c>POST /v1/audio/transcriptions</c>
/// and <c>GET /v1/models</c>, with a deterministic scripted model
/// instead of a real one, and seeded fault injection (<see cref="LocalServerOptions.Faults"/>).
/// </summary>
/// <remarks>
/// <para>The chat model (<c>local-scripted</c> by default) is not a language model: by default it answers
/// <c>Echo: &lt;last user message&gt;</c>, streamed word by word, or a small JSON object when the request asks for
/// JSON; <see cref="ScriptedChat"/> rules add replies, function calls and failures (see <see cref="IChatScript"/>).
/// Answers follow the wire style of <see cref="LocalServerOptions.WireProfile"/>. Token counts are one per word plus
/// one per message. Embeddings come from <see cref="LocalServerOptions.EmbeddingBackend"/>, or by default from a hash
/// of each input (<see cref="CreateEmbedding"/>), so equal inputs always get equal unit-length vectors.</para>
/// <para>Every request takes one path (capture, read, decide the fault, record and count, answer, write) and is
/// recorded (<see cref="Requests"/>) and counted (<see cref="Statistics"/>) exactly once, whatever its outcome.
/// Thread-safe. Dispose the server to stop it; stalls end after <see cref="FaultOptions.StallDuration"/>, or sooner
/// when it stops.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await LocalOpenAIServer.StartAsync();
/// var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = server.BaseAddress, ModelId = "local-scripted" });
/// </code>
/// </example>
public sealed class LocalOpenAIServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly RequestLog _log = new();
    private readonly RequestPipeline _pipeline;
    private IHost? _host;
    private int _disposed;

    private LocalOpenAIServer(LocalServerOptions options)
    {
        var time = TimeProvider.System;
        List<IEndpointHandler> handlers =
        [
            new ChatCompletionsHandler(options, time),
            new EmbeddingsHandler(options),
            new ImagesHandler(time),
            new RerankHandler(options),
            new ScoreHandler(options, time),
            new ModelsHandler(options, time.GetUtcNow().ToUnixTimeSeconds()),
            new TranscriptionsHandler(options),
            new SpeechHandler(),
        ];

        // Providers without the Responses API (DeepSeek, Mistral) answer /v1/responses with 404, as an unknown route.
        var responses = ResponsesWireStyle.For(options.WireProfile);
        if (responses.State != ResponsesState.NotServed)
        {
            handlers.Add(new ResponsesHandler(options, responses, time));
        }

        _pipeline = new RequestPipeline(handlers, WireStyle.For(options.WireProfile), options.Faults, _log, Statistics, time, _stopping.Token);
    }

    /// <summary>Gets the API base address, <c>http://127.0.0.1:&lt;port&gt;/v1</c>, to use as a client's endpoint.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets a snapshot of the requests received so far (including those still being answered), in the order
    /// they were recorded.</summary>
    /// <value>A copy: later requests do not appear in it. Each access copies the list.</value>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>Gets the live request and fault counts.</summary>
    public ServerStatistics Statistics { get; } = new();

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The settings; null for the defaults (free port, scripted model that echoes, OpenAI wire
    /// style, hashed embeddings, no faults). A copy is taken.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<LocalOpenAIServer> StartAsync(LocalServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalServerOptions();
        options.Validate();
        var server = new LocalOpenAIServer(options.Clone());
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseKestrel(kestrel =>
                {
                    kestrel.AddServerHeader = false;
                    kestrel.Listen(IPAddress.Loopback, options.Port ?? 0);
                })
                .Configure(app => app.Run(server._pipeline.HandleAsync)))
            .ConfigureServices(services => services
                .Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5))
                .AddSingleton<IHostLifetime, EmbeddedHostLifetime>())
            .Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            server._stopping.Dispose();
            throw;
        }

        var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server._host = host;
        server.BaseAddress = new Uri($"http://127.0.0.1:{new Uri(address).Port}/v1");
        return server;
    }

    /// <summary>Tells how a wire profile serves the Responses API: whether <c>/v1/responses</c> is served at all and
    /// whether responses are kept for <c>previous_response_id</c>, as the provider it reproduces does.</summary>
    /// <param name="profile">The wire profile.</param>
    /// <returns>The profile's Responses behaviour.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static ResponsesState GetResponsesState(WireProfile profile)
    {
        if (!Enum.IsDefined(profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown wire profile.");
        }

        return ResponsesWireStyle.For(profile).State;
    }

    /// <summary>Computes the vector the server returns for <paramref name="input"/>: the same for the same input and
    /// length, in every process; unit length.</summary>
    /// <param name="input">The text (for token-array inputs, their JSON text, for example <c>[1,2,3]</c>).</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1.</exception>
    public static float[] CreateEmbedding(string input, int dimensions = 384)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return DeterministicEmbedding.Create(input, dimensions);
    }

    /// <summary>Returns the requests recorded so far and forgets them, so a long run can count requests as it goes
    /// without the record growing.</summary>
    /// <returns>The requests recorded since the last call (or since the start).</returns>
    public IReadOnlyList<RecordedRequest> TakeRequests() => _log.Take();

    /// <summary>Stops the server: stalled and delayed responses end, in-flight requests get a few seconds to finish.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_host is { } host)
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }

        _stopping.Dispose();
    }
}
