using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The protocol client of one OpenAI-compatible <c>chat/completions</c> endpoint: one request per attempt, no
/// retries, no timeouts of its own. <see cref="CustomChatClient"/> runs it under a <see cref="ResilientExecutor{TClient}"/>,
/// one per endpoint, which owns everything but the protocol.
/// </summary>
/// <remarks>Thread-safe. Reasoning text arrives as <see cref="TextReasoningContent"/>, separate from the answer. A
/// rejection it learns to avoid (see <see cref="QuirkNegotiator"/>) is thrown as <see cref="RequestAdaptedException"/>,
/// so the adapted request is sent as an attempt of its own.</remarks>
internal sealed class ChatProtocolClient : IChatProtocolClient
{
    private const string ChatCompletionsPath = "chat/completions";

    private readonly CustomApiClient _api;
    private readonly CustomChatCompletionOptions _options;
    private readonly ConnectorDiagnostics _diagnostics;

    // Adaptations learned from this endpoint's 400/422 answers, per model: this process's own, or the fleet's.
    private readonly ILearnedQuirks _learned;

    /// <param name="options">The endpoint's settings (already validated and copied by the caller).</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for reading HTTP-date <c>Retry-After</c> headers.</param>
    /// <param name="diagnostics">Where learned adaptations are logged.</param>
    /// <param name="learned">Where adaptations are kept when they are shared (fleet mode); null keeps them here.</param>
    public ChatProtocolClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider timeProvider, ConnectorDiagnostics diagnostics, ILearnedQuirks? learned = null)
    {
        _options = options;
        _learned = learned ?? new LocalLearnedQuirks(options.Quirks);
        _diagnostics = diagnostics;
        _api = new CustomApiClient(_options, httpClient, timeProvider);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <summary>Sends one request and reads the whole answer.</summary>
    public async Task<ChatResponse> GetResponseAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt)
    {
        options = ToolSelection.Apply(options, messages, _options.MaxToolsPerRequest);
        var modelId = options?.ModelId ?? ModelId;
        var quirks = QuirksFor(modelId);
        using var body = WriteRequest(messages, options, modelId, stream: false, quirks);
        using var response = await PostAsync(body, modelId, quirks, streaming: false, attempt.Token).ConfigureAwait(false);
        using var content = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
        var payload = new ChatCompletionPayload();
        ChatCompletionParser.Parse(content.Span, payload);
        attempt.ReportUsage(payload.Usage);
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
        var built = calls.Build();
        shaper.RepairArguments(built);
        return ChatResponseFactory.CreateResponse(payload, built, modelId);
    }

    /// <summary>Sends one streaming request and yields its updates; the usage the server reports is handed to the
    /// attempt as it arrives, so a stream that breaks still accounts for it. Under a profile whose server does not
    /// call tools while streaming (<see cref="CustomQuirkProfile.SupportsToolCallsWhenStreaming"/>), a request that
    /// offers tools is sent without streaming and its answer replayed as updates.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt)
    {
        options = ToolSelection.Apply(options, messages, _options.MaxToolsPerRequest);
        var cancellationToken = attempt.Token;
        var modelId = options?.ModelId ?? ModelId;
        var quirks = QuirksFor(modelId);
        if (!quirks.SupportsToolCallsWhenStreaming && options?.Tools is { Count: > 0 })
        {
            // The server only calls tools when not streaming: ask for the whole answer and replay it.
            var whole = await GetResponseAsync(messages, options, attempt).ConfigureAwait(false);
            foreach (var replayed in whole.ToChatResponseUpdates())
            {
                yield return replayed;
            }

            yield break;
        }

        using var body = WriteRequest(messages, options, modelId, stream: true, quirks);
        using var response = await PostAsync(body, modelId, quirks, streaming: true, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var events = new SseEventReader(stream, _api.MaxStreamEventBytes, _api.MaxStreamBytes, EndpointAddress.Describe(_api.BaseAddress));

        var state = new StreamState(modelId, new ResponseShaper(quirks, options));
        while (await events.ReadAsync(cancellationToken).ConfigureAwait(false))
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

            var update = state.Accept();
            attempt.ReportUsage(state.Usage);
            if (update is not null)
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

    /// <summary>Posts a request; a rejection this endpoint has just taught us to avoid becomes <see cref="RequestAdaptedException"/>.</summary>
    private async Task<HttpResponseMessage> PostAsync(PooledRequestBody body, string modelId, CustomQuirkProfile quirks, bool streaming, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.PostAsync(ChatCompletionsPath, body.WrittenMemory, streaming, cancellationToken).ConfigureAwait(false);
        }
        catch (CustomEndpointException ex) when (TryLearn(ex, modelId, quirks, body))
        {
            throw new RequestAdaptedException(ex);
        }
    }

    private static bool IsDoneSentinel(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8);

    private PooledRequestBody WriteRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, CustomQuirkProfile quirks) =>
        PooledRequestBody.Write(
            4096,
            (Messages: messages, Options: options, ModelId: modelId, Stream: stream, Settings: _options, Quirks: quirks),
            static (writer, s) => ChatRequestWriter.Write(writer, s.Messages, s.Options, s.ModelId, s.Stream, s.Settings, s.Quirks));

    private CustomQuirkProfile QuirksFor(string modelId) => _learned.For(modelId);

    /// <summary>Learns from a rejection: the adapted profile is kept for this model, and logged once.</summary>
    private bool TryLearn(CustomEndpointException error, string modelId, CustomQuirkProfile current, PooledRequestBody body)
    {
        if (!QuirkNegotiator.TryAdapt(error, current, body.WrittenSpan, out var adapted, out var change))
        {
            return false;
        }

        if (_learned.Learn(modelId, current, adapted))
        {
            Log.RequestAdapted(_diagnostics.Logger, EndpointAddress.Describe(_api.BaseAddress), modelId, change, error.ProviderError?.Message ?? error.Message);
        }

        return true;
    }
}
