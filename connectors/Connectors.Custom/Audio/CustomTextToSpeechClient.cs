using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="ITextToSpeechClient"/> for any OpenAI-compatible <c>audio/speech</c> endpoint (Kokoro-FastAPI,
/// LocalAI, speaches, Together).
/// </summary>
/// <remarks>
/// <para>Audio reaches the caller as it arrives: <see cref="OpenAudioStreamAsync"/> returns the response body as a
/// stream read straight from the connection, and <see cref="GetStreamingAudioAsync"/> yields each chunk read.
/// <see cref="GetAudioAsync"/> returns the whole audio in one <see cref="DataContent"/> (within
/// <see cref="CustomEndpointOptions.MaxResponseBytes"/>).</para>
/// <para>Per call: <see cref="TextToSpeechOptions.ModelId"/>, <see cref="TextToSpeechOptions.VoiceId"/>,
/// <see cref="TextToSpeechOptions.AudioFormat"/> (mp3, wav, opus, flac, pcm, or their media types) and
/// <see cref="TextToSpeechOptions.Speed"/> (0.25 to 4.0); anything else is refused before the request is sent.
/// Pitch, volume and language are not part of the OpenAI protocol and are not sent.</para>
/// <para>Retries and failover happen until the audio's first byte; after that a failure ends the call. Cost is per
/// character spoken. Thread-safe.</para>
/// </remarks>
public sealed class CustomTextToSpeechClient : ITextToSpeechClient
{
    private const string Operation = "speech";
    private const int ChunkSize = 16 * 1024;

    private readonly CustomTextToAudioOptions _options;
    private readonly ResilientExecutor<SpeechEndpoint> _executor;

    /// <summary>Initializes a new instance of the <see cref="CustomTextToSpeechClient"/> class.</summary>
    /// <param name="options">The endpoint, model, voice, format and resilience settings, and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomTextToSpeechClient(CustomTextToAudioOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomTextToSpeechClient(CustomTextToAudioOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, _options, loggerFactory);
        var clock = timeProvider ?? TimeProvider.System;
        var diagnostics = new ConnectorDiagnostics(_options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<SpeechEndpoint>.Create(_options, o => new SpeechEndpoint(o, httpClient, clock), clock, diagnostics, fleet);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <summary>Speaks <paramref name="text"/> and returns the audio as a stream read from the connection as it
    /// arrives (in the format asked for). Reading it to the end records the call's success and cost; disposing it
    /// early ends the call.</summary>
    /// <param name="text">The text to speak.</param>
    /// <param name="options">The call's model, voice, format and speed; null uses the service's.</param>
    /// <param name="cancellationToken">Cancels the call, including later reads of the stream.</param>
    /// <returns>The audio stream; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The text is empty or too long, or an option is unsupported; nothing was sent.</exception>
    public async Task<Stream> OpenAudioStreamAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = SpeechRequest.From(_options, text, options);
        var ((response, attempt), call) = await _executor.OpenAsync(
            Operation,
            (endpoint, scope) => endpoint.OpenAsync(request, ModelId, scope),
            static opened => { opened.Response.Dispose(); opened.Attempt.Dispose(); return default; },
            TokenEstimator.ForText(request.Input),
            cancellationToken).ConfigureAwait(false);

        var lease = new OperationLease(call, response, attempt);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(lease.Token).ConfigureAwait(false);
            var characters = request.Input.Length;
            return new LeasedBodyStream(lease, body, _ => new CallSummary(null, null, null, null, Characters: characters));
        }
        catch (Exception ex)
        {
            var failure = lease.Fail(ex);
            lease.Dispose();
            throw failure;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The text is empty or too long, or an option is unsupported; nothing was sent.</exception>
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = SpeechRequest.From(_options, text, options);
        var result = await _executor.ExecuteAsync(
            Operation,
            (endpoint, attempt) => endpoint.ReadAllAsync(request, ModelId, attempt),
            TokenEstimator.ForText(request.Input),
            _ => new CallSummary(null, null, null, null, Characters: request.Input.Length),
            cancellationToken).ConfigureAwait(false);

        return new TextToSpeechResponse([new DataContent(result.Value, request.MediaType)])
        {
            ModelId = result.ModelId,
            AdditionalProperties = CallProperties.Create(result.Endpoint, result.Attempts, result.Cost),
        };
    }

    /// <inheritdoc />
    /// <remarks>Each update holds one chunk as it was read from the connection; the last one (no audio) carries the
    /// endpoint, attempts and cost.</remarks>
    /// <exception cref="ArgumentException">The text is empty or too long, or an option is unsupported; nothing was sent.</exception>
    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var mediaType = SpeechRequest.From(_options, text, options).MediaType;
        var stream = (LeasedBodyStream)await OpenAudioStreamAsync(text, options, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    // Each update owns its bytes: the caller may keep them after the next chunk arrives.
                    yield return new TextToSpeechResponseUpdate([new DataContent(buffer.AsSpan(0, read).ToArray(), mediaType)])
                    {
                        Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                        ModelId = ModelId,
                    };
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            yield return new TextToSpeechResponseUpdate
            {
                Kind = TextToSpeechResponseUpdateKind.SessionClose,
                ModelId = ModelId,
                AdditionalProperties = CallProperties.Create(stream.Endpoint, stream.Attempts, stream.Cost),
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(TextToSpeechClientMetadata) ? new TextToSpeechClientMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), ModelId)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _executor.Dispose();
}
