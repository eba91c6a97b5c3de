using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The protocol client of one OpenAI-compatible <c>chat/completions</c> endpoint: one request per call, no retries.
/// <see cref="CustomChatClient"/> puts resilience and failover around one of these per endpoint.
/// </summary>
/// <remarks>Thread-safe. Reasoning text arrives as <see cref="TextReasoningContent"/>, separate from the answer.</remarks>
internal sealed class ChatProtocolClient : IChatClient
{
    private const string ChatCompletionsPath = "chat/completions";

    private readonly CustomApiClient _api;
    private readonly CustomChatCompletionOptions _options;
    private readonly ChatClientMetadata _metadata;
    private readonly ConnectorDiagnostics _diagnostics;

    // Adaptations learned from this endpoint's 400/422 answers, per model, for the life of the service.
    private readonly ConcurrentDictionary<string, CustomQuirkProfile> _learned = new(StringComparer.Ordinal);

    /// <param name="options">The endpoint's settings (already validated and copied by the caller).</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for reading HTTP-date <c>Retry-After</c> headers.</param>
    /// <param name="diagnostics">Where learned adaptations are logged.</param>
    public ChatProtocolClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider timeProvider, ConnectorDiagnostics diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _api = new CustomApiClient(_options, httpClient, timeProvider);
        _metadata = new ChatClientMetadata(options.TelemetryName, EndpointAddress.Sanitize(_api.BaseAddress), _options.ModelId);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <summary>Gets the endpoint's base address.</summary>
    public Uri BaseAddress => _api.BaseAddress;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var modelId = options?.ModelId ?? ModelId;
        var quirks = QuirksFor(modelId);
        var body = WriteRequest(messages, options, modelId, stream: false, quirks);
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await _api.PostAsync(ChatCompletionsPath, body.WrittenMemory, streaming: false, cancellationToken).ConfigureAwait(false);
            }
            catch (CustomEndpointException ex) when (TryLearn(ex, modelId, quirks, body, out var adapted))
            {
                quirks = adapted;
                body.Dispose();
                body = WriteRequest(messages, options, modelId, stream: false, quirks);
                response = await _api.PostAsync(ChatCompletionsPath, body.WrittenMemory, streaming: false, cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                return await ReadResponseAsync(response, options, modelId, quirks, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            body.Dispose();
        }
    }

    private async Task<ChatResponse> ReadResponseAsync(HttpResponseMessage response, ChatOptions? options, string modelId, CustomQuirkProfile quirks, CancellationToken cancellationToken)
    {
        using var content = await _api.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var payload = new ChatCompletionPayload();
        ChatCompletionParser.Parse(content.Span, payload);
        if (payload.IsError || payload.FinishReason == FinishReasons.Error)
        {
            throw _api.CreateInBandException(content.Span, "in its response", response);
        }

        if (payload.ChoiceCount == 0)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.UnexpectedShape,
                $"The response from {EndpointAddress.Describe(_api.BaseAddress)} has no choices, so it holds no answer.");
        }

        var shaper = new ResponseShaper(quirks, options);
        var calls = new ToolCallAccumulator();
        calls.Add(payload.ToolCalls);
        shaper.ShapeWholeAnswer(payload, calls);
        return ChatResponseFactory.CreateResponse(payload, calls.Build(), modelId);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize now, so bad arguments throw at the call rather than at the first MoveNextAsync.
        ArgumentNullException.ThrowIfNull(messages);
        var modelId = options?.ModelId ?? ModelId;
        var quirks = QuirksFor(modelId);
        var body = WriteRequest(messages, options, modelId, stream: true, quirks);
        return StreamAsync(messages, options, body, modelId, quirks, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : null;

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the HttpClient is either the caller's or the process-wide shared one.
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, PooledRequestBody firstBody, string modelId, CustomQuirkProfile quirks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = firstBody;
        using var bodyScope = new BodyScope(body);
        HttpResponseMessage posted;
        try
        {
            posted = await _api.PostAsync(ChatCompletionsPath, body.WrittenMemory, streaming: true, cancellationToken).ConfigureAwait(false);
        }
        catch (CustomEndpointException ex) when (TryLearn(ex, modelId, quirks, body, out var adapted))
        {
            quirks = adapted;
            body = bodyScope.Replace(WriteRequest(messages, options, modelId, stream: true, quirks));
            posted = await _api.PostAsync(ChatCompletionsPath, body.WrittenMemory, streaming: true, cancellationToken).ConfigureAwait(false);
        }

        using var response = posted;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var events = new SseEventReader(stream, _api.MaxStreamEventBytes, _api.MaxStreamBytes);

        var state = new StreamState(modelId, new ResponseShaper(quirks, options));
        while (await ReadEventAsync(events, cancellationToken).ConfigureAwait(false))
        {
            var data = events.Data.Span;
            if (data.Trim(" \t\r\n"u8).IsEmpty)
            {
                // An empty data event is a keep-alive some servers send instead of a comment.
                continue;
            }

            if (IsDoneSentinel(data))
            {
                state.SawDone = true;
                break;
            }

            ChatCompletionParser.Parse(data, state.Payload);
            if (state.Payload.IsError || state.Payload.FinishReason == FinishReasons.Error)
            {
                // OpenRouter, vLLM and LocalAI report failures inside a 200 stream; what came before was delivered.
                throw _api.CreateInBandException(data, "while streaming", response);
            }

            if (state.Accept() is { } update)
            {
                yield return update;
            }
        }

        if (!state.SawDone && state.FinishReason is null)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.StreamTruncated,
                $"The stream from {EndpointAddress.Describe(_api.BaseAddress)} ended before the answer was complete (no finish reason and no [DONE]).");
        }

        if (state.CreateFinalUpdate() is { } final)
        {
            yield return final;
        }
    }

    /// <summary>Reads the next event, reporting a connection that drops mid-stream as a truncated stream.</summary>
    private async ValueTask<bool> ReadEventAsync(SseEventReader events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.IO.IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.StreamTruncated,
                $"The connection to {EndpointAddress.Describe(_api.BaseAddress)} dropped while streaming: {ex.Message}",
                ex);
        }
    }

    private static bool IsDoneSentinel(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8);

    private PooledRequestBody WriteRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, CustomQuirkProfile quirks) =>
        PooledRequestBody.Write(
            4096,
            (Messages: messages, Options: options, ModelId: modelId, Stream: stream, Settings: _options, Quirks: quirks),
            static (writer, s) => ChatRequestWriter.Write(writer, s.Messages, s.Options, s.ModelId, s.Stream, s.Settings, s.Quirks));

    /// <summary>Owns the body of a stream's request until the stream ends, including a body rewritten once.</summary>
    private sealed class BodyScope(PooledRequestBody body) : IDisposable
    {
        private PooledRequestBody _body = body;

        public PooledRequestBody Replace(PooledRequestBody next)
        {
            _body.Dispose();
            _body = next;
            return next;
        }

        public void Dispose() => _body.Dispose();
    }

    private CustomQuirkProfile QuirksFor(string modelId) => _learned.TryGetValue(modelId, out var learned) ? learned : _options.Quirks;

    /// <summary>Learns from a rejection once per call: the adapted profile is kept for this model, and logged once.</summary>
    private bool TryLearn(CustomEndpointException error, string modelId, CustomQuirkProfile current, PooledRequestBody body, out CustomQuirkProfile adapted)
    {
        if (!QuirkNegotiator.TryAdapt(error, current, body.WrittenSpan, out adapted, out var change))
        {
            return false;
        }

        if (_learned.TryAdd(modelId, adapted) || _learned.TryUpdate(modelId, adapted, current))
        {
            Log.RequestAdapted(_diagnostics.Logger, EndpointAddress.Describe(_api.BaseAddress), modelId, change, error.ProviderError?.Message ?? error.Message);
        }

        return true;
    }
}
