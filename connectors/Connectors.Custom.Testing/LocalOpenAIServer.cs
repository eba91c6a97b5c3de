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
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Custom.Testing;

/// <summary>
/// A local OpenAI-compatible server for tests and demos: Kestrel on 127.0.0.1 serving <c>POST /v1/chat/completions</c>
/// (plain and streamed), <c>POST /v1/embeddings</c> and <c>GET /v1/models</c>, with a deterministic scripted model
/// instead of a real one, and seeded fault injection (<see cref="LocalServerOptions.Faults"/>).
/// </summary>
/// <remarks>
/// <para>The chat model (<c>local-scripted</c> by default) is not a language model: by default it answers
/// <c>Echo: &lt;last user message&gt;</c>, streamed word by word, or a small JSON object when the request asks for
/// JSON; <see cref="ScriptedChat"/> rules add replies, function calls and failures (see <see cref="IChatScript"/>).
/// Answers follow the wire style of <see cref="LocalServerOptions.WireProfile"/>. Token counts are one per word plus
/// one per message. Embeddings come from <see cref="LocalServerOptions.EmbeddingBackend"/>, or by default from a hash
/// of each input (<see cref="CreateEmbedding"/>), so equal inputs always get equal unit-length vectors.</para>
/// <para>Every request is recorded (<see cref="Requests"/>) and counted (<see cref="Statistics"/>). Thread-safe.
/// Dispose the server to stop it; stalled responses end when it stops.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await LocalOpenAIServer.StartAsync();
/// var client = new CustomChatClient(new CustomChatCompletionOptions { Endpoint = server.BaseAddress, ModelId = "local-scripted" });
/// </code>
/// </example>
public sealed class LocalOpenAIServer : IAsyncDisposable
{
    private readonly LocalServerOptions _options;
    private readonly WireStyle _style;
    private readonly FaultInjector _faults;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _requestsGate = new();
    private readonly long _startedAt = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
    private IHost? _host;
    private long _sequence = -1;
    private int _disposed;

    private LocalOpenAIServer(LocalServerOptions options)
    {
        _options = options;
        _style = WireStyle.For(options.WireProfile);
        _faults = new FaultInjector(options.Faults);
    }

    /// <summary>Gets the API base address, <c>http://127.0.0.1:&lt;port&gt;/v1</c>, to use as a client's endpoint.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets a snapshot of the requests received so far (including those still being answered), in the order
    /// they were recorded.</summary>
    /// <value>A copy: later requests do not appear in it. Each access copies the list.</value>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requestsGate)
            {
                return _requests.ToArray();
            }
        }
    }

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
                .Configure(app => app.Run(server.HandleAsync)))
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
    public IReadOnlyList<RecordedRequest> TakeRequests()
    {
        lock (_requestsGate)
        {
            var taken = _requests.ToArray();
            _requests.Clear();
            return taken;
        }
    }

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

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested))
        {
            // The client left (or the server is stopping) while the answer was being written.
            context.Abort();
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A chat script or a fault override failed: answer with the reason rather than an empty 500.
            context.Response.Clear();
            var body = WireJson.Error($"The local server failed to answer: {ex.GetType().Name}: {ex.Message}", "server_error", "local_server_error");
            await ResponseWriter.WriteJsonAsync(context, StatusCodes.Status500InternalServerError, body, ResponseMode.Normal, default).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        Statistics.CountRequest();
        var request = context.Request;
        var recorded = await RecordedRequest.CaptureAsync(request, Interlocked.Increment(ref _sequence), TimeProvider.System.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers["x-request-id"] = $"req_local_{recorded.Sequence}";

        var route = (request.Path.Value ?? string.Empty).TrimEnd('/').ToUpperInvariant();
        var (expectedMethod, handler) = route switch
        {
            "/V1/CHAT/COMPLETIONS" => (HttpMethods.Post, (Func<HttpContext, RecordedRequest, Task>)HandleChatAsync),
            "/V1/EMBEDDINGS" => (HttpMethods.Post, HandleEmbeddingsAsync),
            "/V1/MODELS" => (HttpMethods.Get, HandleModelsAsync),
            _ => (string.Empty, null),
        };

        if (_style.UnknownRouteIsOk && (handler is null || !HttpMethods.Equals(request.Method, expectedMethod)))
        {
            // LM Studio answers a route it does not serve (a doubled /v1/v1, say) with 200 and an error body.
            Record(recorded);
            await WriteErrorAsync(context, StatusCodes.Status200OK, $"Unexpected endpoint or method. ({request.Method} {recorded.Path})", "unknown_url").ConfigureAwait(false);
        }
        else if (handler is null)
        {
            Record(recorded);
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Unknown request URL: {request.Method} {recorded.Path}. This local server serves /v1/chat/completions, /v1/embeddings and /v1/models.", "unknown_url").ConfigureAwait(false);
        }
        else if (!HttpMethods.Equals(request.Method, expectedMethod))
        {
            Record(recorded);
            context.Response.Headers.Allow = expectedMethod;
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"{recorded.Path} accepts {expectedMethod}, not {request.Method}.", "method_not_allowed").ConfigureAwait(false);
        }
        else
        {
            await handler(context, recorded).ConfigureAwait(false);
        }
    }

    private async Task HandleChatAsync(HttpContext context, RecordedRequest recorded)
    {
        if (!ChatRequestReader.TryRead(recorded.Body, _options.ChatModelId, out var chat, out var streamOptions, out var error))
        {
            Record(recorded);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!, code: null).ConfigureAwait(false);
            return;
        }

        if (ToolSchemaValidation.FindRejection(_style.Profile, chat!) is { } rejected)
        {
            Record(recorded);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, rejected, code: null).ConfigureAwait(false);
            return;
        }

        Statistics.CountChatCompletion(chat!.Stream);
        if (await ApplyFaultAsync(context, recorded, chat.Model).ConfigureAwait(false) is not { } mode)
        {
            return;
        }

        var reply = _options.ChatScript.Reply(chat) ?? throw new InvalidOperationException($"{_options.ChatScript.GetType().Name}.Reply returned null.");
        var answer = CreateAnswer(recorded, chat, reply);
        if (!chat.Stream)
        {
            if (reply.Error is { } failure)
            {
                var type = reply.ErrorStatusCode >= 500 ? "server_error" : "invalid_request_error";
                await ResponseWriter.WriteJsonAsync(context, reply.ErrorStatusCode, ErrorJson.Write(_style.Errors, reply.ErrorStatusCode, failure, type, null), mode, _stopping.Token).ConfigureAwait(false);
                return;
            }

            await ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, ChatCompletionJson.Completion(answer), mode, _stopping.Token).ConfigureAwait(false);
            return;
        }

        var stream = ChatStreamBuilder.Build(answer, streamOptions.WantsUsage(_style), streamOptions.ContinuousUsage);
        await ResponseWriter.WriteEventsAsync(context, stream, mode, _stopping.Token).ConfigureAwait(false);
    }

    /// <summary>Gives the reply's calls their ids and counts its tokens: one per word, reasoning and calls included.</summary>
    private ChatAnswer CreateAnswer(RecordedRequest recorded, ChatScriptRequest chat, ChatReply reply)
    {
        var calls = new ResolvedToolCall[reply.ToolCalls.Count];
        var completion = TokenCounter.CountWords(reply.Text);
        for (var i = 0; i < calls.Length; i++)
        {
            var call = reply.ToolCalls[i];
            calls[i] = new ResolvedToolCall(call.Id ?? _style.CallId(recorded.Sequence, i), call.Name, call.ArgumentsJson);
            completion += 1 + TokenCounter.CountWords(call.ArgumentsJson);
        }

        var reasoning = _style.ReasoningField is null || reply.Reasoning is null ? 0 : TokenCounter.CountWords(reply.Reasoning);
        var identity = new ResponseIdentity(_style.IdPrefix + recorded.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), chat.Model);
        var usage = new TokenUsage(TokenCounter.CountPrompt(chat.Messages), completion + reasoning, reasoning);
        return new ChatAnswer(identity, reply, calls, usage, _style, $"req_local_{recorded.Sequence}");
    }

    private async Task HandleEmbeddingsAsync(HttpContext context, RecordedRequest recorded)
    {
        var backend = _options.EmbeddingBackend;
        var dimensions = backend?.Dimensions ?? _options.EmbeddingDimensions;
        var valid = EmbeddingRequestReader.TryRead(recorded.Body, _options.EmbeddingModelId, dimensions, out var embedding, out var error);
        if (valid && backend is not null && embedding!.Dimensions != dimensions)
        {
            // A real model has one vector length; unlike the hashed vectors, it cannot make another on request.
            valid = false;
            error = $"This model's vectors have {dimensions} dimensions; 'dimensions' must be {dimensions} or left out.";
        }

        if (!valid)
        {
            Record(recorded);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error!, code: null).ConfigureAwait(false);
            return;
        }

        Statistics.CountEmbeddings();
        if (await ApplyFaultAsync(context, recorded, embedding!.Model).ConfigureAwait(false) is not { } mode)
        {
            return;
        }

        var vectors = backend is not null ? Embed(backend, embedding.Inputs, context.RequestAborted) : new float[embedding.Inputs.Count][];
        var tokens = 0;
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] ??= DeterministicEmbedding.Create(embedding.Inputs[i], embedding.Dimensions);
            tokens += TokenCounter.CountWords(embedding.Inputs[i]);
        }

        await ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, EmbeddingJson.Response(embedding, vectors, tokens), mode, _stopping.Token).ConfigureAwait(false);
    }

    private float[][] Embed(IEmbeddingBackend backend, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var vectors = backend.Embed(inputs, either.Token);
        if (vectors is null || vectors.Length != inputs.Count || Array.Exists(vectors, v => v is null || v.Length != backend.Dimensions))
        {
            throw new InvalidOperationException($"{backend.GetType().Name}.Embed must return {inputs.Count} vectors of {backend.Dimensions} values.");
        }

        return vectors;
    }

    private async Task HandleModelsAsync(HttpContext context, RecordedRequest recorded)
    {
        Record(recorded);
        Statistics.CountModelListing();
        await ResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, ModelsJson.List(_options.ChatModelId, _options.EmbeddingModelId, _startedAt), ResponseMode.Normal, default).ConfigureAwait(false);
    }

    /// <summary>Chooses and records the request's fault, writes it when it replaces the answer, and says how to deliver
    /// the answer otherwise (null: nothing more to write).</summary>
    private async Task<ResponseMode?> ApplyFaultAsync(HttpContext context, RecordedRequest recorded, string model)
    {
        var decision = _faults.Decide(recorded);
        recorded.Fault = decision.Kind;
        Record(recorded);
        if (decision.Kind is not { } kind)
        {
            return ResponseMode.Normal;
        }

        Statistics.CountFault(kind);
        if (await FaultResponses.TryWriteAsync(context, decision, _options.Faults, model).ConfigureAwait(false))
        {
            return null;
        }

        switch (kind)
        {
            case FaultKind.SlowFirstByte:
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(_options.Faults.SlowFirstByteDelay, either.Token).ConfigureAwait(false);
                }

                return ResponseMode.Normal;
            case FaultKind.DropMidStream:
                return ResponseMode.DropMidway;
            case FaultKind.StallMidStream:
                return ResponseMode.StallMidway;
            default:
                return ResponseMode.Truncated;
        }
    }

    private void Record(RecordedRequest recorded)
    {
        lock (_requestsGate)
        {
            _requests.Add(recorded);
        }
    }

    private Task WriteErrorAsync(HttpContext context, int status, string message, string? code) =>
        ResponseWriter.WriteJsonAsync(context, status, ErrorJson.Write(_style.Errors, status, message, "invalid_request_error", code), ResponseMode.Normal, default);
}
