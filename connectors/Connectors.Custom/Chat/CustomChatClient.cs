using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible <c>chat/completions</c> or <c>responses</c> endpoint (see
/// <see cref="CustomChatCompletionOptions.Api"/>), with retries, timeouts,
/// client-side limits, a circuit breaker, and failover or load balancing across backup endpoints.
/// </summary>
/// <remarks>
/// <para>It makes the requests a call needs and returns function calls to its caller; automatic function invocation
/// is layered on top (see <see cref="CustomChatCompletionService"/> and the registration methods).</para>
/// <para>Streaming calls are retried and failed over only until their first update; after that a failure surfaces
/// as an exception. Each response (or the first streamed update) says which endpoint answered and how many attempts
/// it took, in <c>AdditionalProperties</c> under <see cref="CustomMetadataKeys.Endpoint"/> and
/// <see cref="CustomMetadataKeys.Attempts"/>.</para>
/// <para>Thread-safe. Reasoning text arrives as <see cref="TextReasoningContent"/>, separate from the answer.</para>
/// </remarks>
public sealed class CustomChatClient : IChatClient
{
    private const string Operation = "chat";

    private readonly CustomChatCompletionOptions _options;
    private readonly ResilientExecutor<IChatProtocolClient> _executor;
    private readonly ChatClientMetadata _metadata;
    private readonly ConnectorDiagnostics _diagnostics;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="CustomChatClient"/> class.</summary>
    /// <param name="options">The endpoint, model, backups and behaviour settings. A copy is taken, with the provider
    /// preset applied (see <see cref="CustomEndpointOptions.Provider"/>); later changes have no effect.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used. The
    /// connector's own timeouts apply; a client whose <see cref="HttpClient.Timeout"/> is shorter than the total timeout
    /// would cut calls short, which is logged once as a warning.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomChatClient(CustomChatCompletionOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomChatClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        ConnectorHttpClients.WarnIfTimeoutShorter(httpClient, _options, loggerFactory);
        var clock = _clock = timeProvider ?? TimeProvider.System;
        _diagnostics = new ConnectorDiagnostics(_options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<IChatProtocolClient>.Create(_options, o => CreateProtocolClient(o, httpClient, clock, _diagnostics, fleet), clock, _diagnostics, fleet);
        _metadata = new ChatClientMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), _options.ModelId);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = Materialize(messages);
        _diagnostics.RecordContent(Operation, _executor.Endpoints[0].Name, "prompt", LastUserText(history));
        var result = await _executor.ExecuteAsync(
            Operation,
            (client, attempt) => client.GetResponseAsync(history, ForEndpoint(options, client), attempt),
            TokenEstimator.ForChat(history, options?.MaxOutputTokens),
            static response => new CallSummary(response.Usage, response.ModelId, response.FinishReason?.Value, response.Text),
            cancellationToken).ConfigureAwait(false);

        var response = result.Value;
        var properties = response.AdditionalProperties ??= [];
        properties[CustomMetadataKeys.Endpoint] = result.Endpoint;
        properties[CustomMetadataKeys.Attempts] = result.Attempts;
        if (result.Cost is { } cost)
        {
            properties[CustomMetadataKeys.Cost] = cost;
        }

        return response;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = Materialize(messages);
        _diagnostics.RecordContent(Operation, _executor.Endpoints[0].Name, "prompt", LastUserText(history));
        return _executor.StreamAsync(
            Operation,
            (client, attempt) => client.StreamAsync(history, ForEndpoint(options, client), attempt),
            TokenEstimator.ForChat(history, options?.MaxOutputTokens),
            cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _executor.Dispose();

    /// <summary>Each endpoint speaks the API its own options name, so a backup may use the other one.</summary>
    // Learned quirks are shared with the fleet only on chat completions: the Responses client learns nothing from a
    // refusal beyond its own server-state fallback.
    private static IChatProtocolClient CreateProtocolClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider clock, ConnectorDiagnostics diagnostics, IFleetCoordinator? fleet) => options.Api switch
    {
        ChatApi.ChatCompletions => new ChatProtocolClient(options, httpClient, clock, diagnostics, fleet?.CreateLearnedQuirks(EndpointAddress.Describe(options.Endpoint!), options.ModelId!, options.Quirks, clock)),
        ChatApi.Responses => new ResponsesProtocolClient(options, httpClient, clock, diagnostics),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Api, "Unknown chat API."),
    };

    private static string? LastUserText(IReadOnlyList<ChatMessage> history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                return history[i].Text;
            }
        }

        return null;
    }

    private static IReadOnlyList<ChatMessage> Materialize(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Retries and failover send the same history again, so a lazy sequence is read once, here.
        return messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
    }

    /// <summary>A model the caller named for the primary endpoint is that endpoint's; backups use their own.</summary>
    private ChatOptions? ForEndpoint(ChatOptions? options, IChatProtocolClient client)
    {
        if (options?.ModelId is not { } requested || client.ModelId == ModelId || requested != ModelId)
        {
            return options;
        }

        var copy = options.Clone();
        copy.ModelId = client.ModelId;
        return copy;
    }
}
