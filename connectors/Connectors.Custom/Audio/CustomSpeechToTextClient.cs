using System;
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
/// An <see cref="ISpeechToTextClient"/> for any OpenAI-compatible <c>audio/transcriptions</c> endpoint (Groq, vLLM,
/// LocalAI, Together, speaches / faster-whisper servers).
/// </summary>
/// <remarks>
/// <para>The audio is streamed from the caller's stream into a <c>multipart/form-data</c> upload, never held whole.
/// Its type (from <see cref="CustomAudioPropertyNames.FileName"/>, a <see cref="FileStream"/>'s name, or its first
/// bytes) and size (<see cref="CustomAudioToTextOptions.MaxAudioBytes"/>) are checked before anything is sent.</para>
/// <para>Retries, failover, limits and timeouts apply as on chat; a stream that cannot seek is sent once, since it
/// cannot be read again. Cost is per audio minute (the duration the server reports, else a WAV header's).</para>
/// <para>Per call: <see cref="SpeechToTextOptions.ModelId"/>, <see cref="SpeechToTextOptions.SpeechLanguage"/>, and in
/// <see cref="SpeechToTextOptions.AdditionalProperties"/> the keys of <see cref="CustomAudioPropertyNames"/>. Results
/// carry the language, duration, segments and words a verbose answer has, and the endpoint, attempts and cost.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class CustomSpeechToTextClient : ISpeechToTextClient
{
    private const string Operation = "transcription";

    private readonly CustomAudioToTextOptions _options;
    private readonly ResilientExecutor<TranscriptionEndpoint> _executor;
    private readonly ConnectorDiagnostics _diagnostics;

    /// <summary>Initializes a new instance of the <see cref="CustomSpeechToTextClient"/> class.</summary>
    /// <param name="options">The endpoint, model, defaults and resilience settings, and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomSpeechToTextClient(CustomAudioToTextOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomSpeechToTextClient(CustomAudioToTextOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, _options, loggerFactory);
        var clock = timeProvider ?? TimeProvider.System;
        _diagnostics = new ConnectorDiagnostics(_options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<TranscriptionEndpoint>.Create(_options, o => new TranscriptionEndpoint(o, httpClient, clock), clock, _diagnostics, fleet);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The audio is empty, too large or of an unknown type, or an option is invalid;
    /// nothing was sent.</exception>
    public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        TranscribeAsync(audioSpeechStream, mediaType: null, options, cancellationToken);

    /// <inheritdoc />
    /// <remarks>With <see cref="CustomAudioToTextOptions.StreamTranscription"/> the server is asked to stream and each
    /// text delta is an update as it arrives; otherwise (or when the server answers whole) the transcript comes as one
    /// update. The last update carries usage, endpoint, attempts and cost.</remarks>
    /// <exception cref="ArgumentException">The audio is empty, too large or of an unknown type, or an option is invalid;
    /// nothing was sent.</exception>
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = TranscriptionRequest.From(_options, options, stream: true);
        if (!request.Stream)
        {
            var whole = await TranscribeAsync(audioSpeechStream, mediaType: null, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in whole.ToSpeechToTextResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var audio = await AudioUpload.OpenAsync(audioSpeechStream, request.FileName, mediaType: null, _options.MaxAudioBytes, cancellationToken).ConfigureAwait(false);
        var ((response, attempt, endpoint), call) = await _executor.OpenAsync(
            Operation,
            (endpoint, scope) => endpoint.OpenAsync(request, audio, ModelId, scope),
            static opened => { opened.Response.Dispose(); opened.Attempt.Dispose(); return default; },
            estimatedTokens: TokenEstimator.ForText(request.Prompt ?? string.Empty),
            cancellationToken).ConfigureAwait(false);

        using var lease = new OperationLease(call, response, attempt);
        var reader = new TranscriptStreamReader(lease, endpoint, request, audio, _options.MaxStreamEventBytes, _options.MaxStreamBytes);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return reader.Current;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(SpeechToTextClientMetadata) ? new SpeechToTextClientMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), ModelId)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _executor.Dispose();

    /// <summary>Transcribes in one exchange; <paramref name="mediaType"/> tells the type when no file name does (SK's
    /// <c>AudioContent.MimeType</c>).</summary>
    internal async Task<SpeechToTextResponse> TranscribeAsync(Stream audioSpeechStream, string? mediaType, SpeechToTextOptions? options, CancellationToken cancellationToken)
    {
        var request = TranscriptionRequest.From(_options, options, stream: false);
        var audio = await AudioUpload.OpenAsync(audioSpeechStream, request.FileName, mediaType, _options.MaxAudioBytes, cancellationToken).ConfigureAwait(false);
        var result = await _executor.ExecuteAsync(
            Operation,
            (endpoint, attempt) => endpoint.TranscribeAsync(request, audio, ModelId, attempt),
            TokenEstimator.ForText(request.Prompt ?? string.Empty),
            transcript => Summarize(transcript, audio),
            cancellationToken).ConfigureAwait(false);

        return ToResponse(result.Value, result.ModelId, result.Endpoint, result.Attempts, result.Cost);
    }

    /// <summary>What a finished transcription records: its audio minutes (for the price) and token usage.</summary>
    internal static CallSummary Summarize(Transcript transcript, AudioUpload audio) =>
        new(transcript.Usage, ResponseModel: null, FinishReason: null, transcript.Text, AudioSeconds: (transcript.Duration ?? audio.EstimateWavDuration())?.TotalSeconds);

    internal static SpeechToTextResponse ToResponse(Transcript transcript, string modelId, string endpoint, int attempts, decimal? cost)
    {
        var properties = CallProperties.Create(endpoint, attempts, cost);
        properties[CustomAudioPropertyNames.Segments] = transcript.Segments;
        properties[CustomAudioPropertyNames.Words] = transcript.Words;
        if (transcript.Language is { } language)
        {
            properties[CustomAudioPropertyNames.Language] = language;
        }

        if (transcript.Duration is { } duration)
        {
            properties[CustomAudioPropertyNames.Duration] = duration;
        }

        return new SpeechToTextResponse(transcript.Text)
        {
            ModelId = modelId,
            StartTime = transcript.Duration is null ? null : TimeSpan.Zero,
            EndTime = transcript.Duration,
            Usage = transcript.Usage,
            RawRepresentation = transcript,
            AdditionalProperties = properties,
        };
    }
}
