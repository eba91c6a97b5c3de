using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The protocol client of one OpenAI-compatible <c>responses</c> endpoint (the Responses API): one request per
/// attempt, no retries, no timeouts of its own, under the same <see cref="ResilientExecutor{TClient}"/> as
/// <see cref="ChatProtocolClient"/>.
/// </summary>
/// <remarks>
/// <para>Stateless unless <see cref="CustomChatCompletionOptions.UseServerState"/> is set: every request carries the
/// whole conversation with <c>store: false</c>, because most servers that serve <c>/responses</c> keep nothing
/// (Ollama, OpenRouter, Groq, Together) or keep it only when configured to (vLLM). With server state, a request
/// continues the latest response this endpoint stored (<see cref="ResponsesServerState"/>); when the server answers
/// that it does not have it, the request is thrown back as <see cref="RequestAdaptedException"/> and sent again whole,
/// as an attempt of its own, and the endpoint stays stateless from then on.</para>
/// <para>Thread-safe. Reasoning arrives as <see cref="TextReasoningContent"/> (with <c>encrypted_content</c> as its
/// <see cref="TextReasoningContent.ProtectedData"/>), separate from the answer.</para>
/// </remarks>
internal sealed class ResponsesProtocolClient : IChatProtocolClient
{
    private const string ResponsesPath = "responses";

    private readonly CustomApiClient _api;
    private readonly CustomChatCompletionOptions _options;
    private readonly ConnectorDiagnostics _diagnostics;
    private readonly ResponsesServerState _serverState;

    /// <param name="options">The endpoint's settings (already validated and copied by the caller).</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for reading HTTP-date <c>Retry-After</c> headers.</param>
    /// <param name="diagnostics">Where a fallback to stateless requests is logged.</param>
    public ResponsesProtocolClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider timeProvider, ConnectorDiagnostics diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _api = new CustomApiClient(_options, httpClient, timeProvider);
        _serverState = new ResponsesServerState(options.UseServerState);
    }

    /// <inheritdoc />
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt)
    {
        options = ToolSelection.Apply(options, messages, _options.MaxToolsPerRequest);
        var modelId = options?.ModelId ?? ModelId;
        using var response = await PostAsync(messages, options, modelId, stream: false, attempt.Token).ConfigureAwait(false);
        using var content = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
        var parsed = ResponsesParser.ParseResponse(content.Span);
        attempt.ReportUsage(parsed.Usage);
        if (parsed.IsError)
        {
            throw _api.CreateInBandException(content.Span, "in its response", response);
        }

        if (!parsed.HasOutput)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.UnexpectedShape,
                $"The response from {EndpointAddress.Describe(_api.BaseAddress)} has no output, so it holds no answer.");
        }

        _serverState.Remember(parsed.Id);
        return ResponsesResponseFactory.Create(parsed, new ResponseShaper(_options.Quirks, options), modelId);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt)
    {
        options = ToolSelection.Apply(options, messages, _options.MaxToolsPerRequest);
        var cancellationToken = attempt.Token;
        var modelId = options?.ModelId ?? ModelId;
        using var response = await PostAsync(messages, options, modelId, stream: true, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var events = new SseEventReader(stream, _api.MaxStreamEventBytes, _api.MaxStreamBytes, EndpointAddress.Describe(_api.BaseAddress));

        var state = new ResponsesStreamState(modelId, new ResponseShaper(_options.Quirks, options));
        while (!state.IsComplete && await events.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state.PassesOver(events.EventName))
            {
                continue;
            }

            var data = events.Data.Span;
            var trimmed = data.Trim(" \t\r\n"u8);
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed.SequenceEqual("[DONE]"u8))
            {
                // Not part of the Responses API, but servers that share code with their chat endpoint send it.
                break;
            }

            ResponsesParser.ParseEvent(data, state.Event);
            switch (state.Event.Kind)
            {
                case ResponsesEventKind.Error:
                    throw _api.CreateInBandException(data, "while streaming", response);
                case ResponsesEventKind.Failed:
                    // The failed response's own error says why; the event around it adds nothing.
                    var (start, length) = state.Event.ResponseRange;
                    attempt.ReportUsage(state.Event.Response?.Usage);
                    throw _api.CreateInBandException(length > 0 ? data.Slice(start, length) : data, "while streaming", response);
            }

            var update = state.Accept();
            attempt.ReportUsage(state.Usage);
            if (update is not null)
            {
                yield return update;
            }
        }

        if (!state.IsComplete)
        {
            throw new CustomProtocolException(
                CustomProtocolErrorKind.StreamTruncated,
                $"The stream from {EndpointAddress.Describe(_api.BaseAddress)} ended before the answer was complete (no response.completed or response.incomplete event).");
        }

        _serverState.Remember(state.ResponseId);
        if (state.CreateFinalUpdate() is { } final)
        {
            yield return final;
        }
    }

    /// <summary>Writes and posts a request; a server that lost the response it continued has the request sent again
    /// whole, as a new attempt (<see cref="RequestAdaptedException"/>).</summary>
    private async Task<HttpResponseMessage> PostAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string modelId, bool stream, CancellationToken cancellationToken)
    {
        var store = _serverState.IsActive;
        var continuation = _serverState.Plan(messages);
        using var body = PooledRequestBody.Write(
            4096,
            (Messages: messages, Options: options, ModelId: modelId, Stream: stream, Store: store, Continuation: continuation, Quirks: _options.Quirks),
            static (writer, s) => ResponsesRequestWriter.Write(writer, s.Messages, s.Options, s.ModelId, s.Stream, s.Store, s.Continuation, s.Quirks));
        try
        {
            return await _api.PostAsync(ResponsesPath, body.WrittenMemory, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (CustomEndpointException ex) when (continuation.PreviousResponseId is { } previous && _serverState.TryFallBack(ex, previous))
        {
            Log.RequestAdapted(_diagnostics.Logger, EndpointAddress.Describe(_api.BaseAddress), modelId, "the whole conversation is sent from now on (the server did not have the stored response)", ex.ProviderError?.Message ?? ex.Message);
            throw new RequestAdaptedException(ex);
        }
    }
}
