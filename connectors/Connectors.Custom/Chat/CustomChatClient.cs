using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible <c>chat/completions</c> endpoint, with retries, timeouts,
/// client-side limits, a circuit breaker, and failover or load balancing across backup endpoints.
/// </summary>
/// <remarks>
/// <para>It makes the requests a call needs and returns function calls to its caller; automatic function invocation
/// is layered on top (see <see cref="CustomChatCompletionService"/> and the registration methods).</para>
/// <para>Streaming calls are retried and failed over only until their first update; after that a failure surfaces
/// as an exception. Each response (or the first streamed update) says which endpoint answered and how many attempts
/// it took, in <c>AdditionalProperties["Endpoint"]</c> and <c>["Attempts"]</c>.</para>
/// <para>Thread-safe. Reasoning text arrives as <see cref="TextReasoningContent"/>, separate from the answer.</para>
/// </remarks>
public sealed class CustomChatClient : IChatClient
{
    /// <summary>The <c>AdditionalProperties</c> key naming the endpoint that answered.</summary>
    public const string EndpointKey = "Endpoint";

    /// <summary>The <c>AdditionalProperties</c> key holding how many attempts the call made.</summary>
    public const string AttemptsKey = "Attempts";

    /// <summary>The <c>AdditionalProperties</c> key holding the call's cost in US dollars (a <see cref="decimal"/>),
    /// when the model has a known price (see <see cref="CustomPricingCatalog"/>).</summary>
    public const string CostKey = "Cost";

    private const string Operation = "chat";

    private readonly CustomChatCompletionOptions _options;
    private readonly ResilientExecutor<ChatProtocolClient> _executor;
    private readonly ChatClientMetadata _metadata;
    private readonly ConnectorDiagnostics _diagnostics;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="CustomChatClient"/> class.</summary>
    /// <param name="options">The endpoint, model, backups and behaviour settings. A copy is taken; later changes have no effect.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used. A client left at
    /// the 100-second default timeout gets an infinite one: the connector's own timeouts apply instead.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomChatClient(CustomChatCompletionOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomChatClient(CustomChatCompletionOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        var clock = _clock = timeProvider ?? TimeProvider.System;
        _diagnostics = new ConnectorDiagnostics(_options, loggerFactory, usageTracker, serviceId);
        _executor = ResilientExecutor<ChatProtocolClient>.Create(_options, o => new ChatProtocolClient(o, httpClient, clock, _diagnostics), clock, _diagnostics);
        _metadata = new ChatClientMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), _options.ModelId);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = Materialize(messages);
        _diagnostics.CheckBudget();
        var started = _clock.GetTimestamp();
        _diagnostics.RecordContent(Operation, _executor.Endpoints[0].Name, "prompt", LastUserText(history));
        var result = await _executor.ExecuteAsync(
            Operation,
            async (client, attempt) =>
            {
                var response = await client.GetResponseAsync(history, ForEndpoint(options, client), attempt.Token).ConfigureAwait(false);
                attempt.Lease?.RecordUsage(response.Usage?.TotalTokenCount);
                return response;
            },
            EstimateTokens(history, options),
            null,
            cancellationToken).ConfigureAwait(false);

        var response = result.Value;
        var properties = response.AdditionalProperties ??= [];
        Annotate(properties, result.Endpoint, result.Attempts);
        var cost = _diagnostics.RecordSuccess(Operation, result.Endpoint, result.ModelId, response.ModelId, result.Price, response.Usage, _clock.GetElapsedTime(started), null, response.FinishReason?.Value, result.Attempts);
        if (cost is not null)
        {
            properties[CostKey] = cost;
        }

        _diagnostics.RecordContent(Operation, result.Endpoint, "completion", response.Text);
        return response;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamAsync(Materialize(messages), options, cancellationToken);

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

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IReadOnlyList<ChatMessage> history, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _diagnostics.CheckBudget();
        var started = _clock.GetTimestamp();
        var opened = await _executor.ExecuteAsync(
            Operation,
            (client, attempt) => OpenStreamAsync(client, history, ForEndpoint(options, client), attempt),
            EstimateTokens(history, options),
            static stream => stream.DisposeAsync(),
            cancellationToken).ConfigureAwait(false);

        var stream = opened.Value;
        await using (stream.ConfigureAwait(false))
        {
            if (stream.First is not { } first)
            {
                yield break;
            }

            var timeToFirstToken = _clock.GetElapsedTime(started);
            var summary = new StreamSummary(this, opened, started, timeToFirstToken);
            Annotate(first.AdditionalProperties ??= [], opened.Endpoint, opened.Attempts);
            summary.Observe(first, stream);
            yield return first;

            while (await stream.MoveNextAsync(_options.Resilience.Timeouts.StreamIdleTimeout, opened.Endpoint).ConfigureAwait(false))
            {
                var update = stream.Current;
                summary.Observe(update, stream);
                yield return update;
            }

            summary.Complete();
        }
    }

    /// <summary>One attempt of a stream: send, and read until the first update, which commits the call to this endpoint.</summary>
    private static async Task<OpenedStream> OpenStreamAsync(ChatProtocolClient client, IReadOnlyList<ChatMessage> history, ChatOptions? options, AttemptContext attempt)
    {
        var enumerator = client.GetStreamingResponseAsync(history, options, attempt.Token).GetAsyncEnumerator(attempt.Token);
        try
        {
            var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            var (scope, lease) = attempt.Detach();
            return new OpenedStream(enumerator, hasFirst ? enumerator.Current : null, scope, lease);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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
    private ChatOptions? ForEndpoint(ChatOptions? options, ChatProtocolClient client)
    {
        if (options?.ModelId is not { } requested || client.ModelId == ModelId || requested != ModelId)
        {
            return options;
        }

        var copy = options.Clone();
        copy.ModelId = client.ModelId;
        return copy;
    }

    private static int EstimateTokens(IReadOnlyList<ChatMessage> history, ChatOptions? options)
    {
        long characters = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var contents = history[i].Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                characters += contents[j] is TextContent text ? text.Text.Length : 0;
            }
        }

        return (int)Math.Min(int.MaxValue, (characters / 4) + (options?.MaxOutputTokens ?? 0) + history.Count);
    }

    private static void Annotate(AdditionalPropertiesDictionary properties, string endpoint, int attempts)
    {
        properties[EndpointKey] = endpoint;
        properties[AttemptsKey] = attempts;
    }

    /// <summary>Follows a stream to its end: the token budget correction, and the success record with usage, cost,
    /// finish reason and time to first token, whose cost is also put on the update that carries the usage.</summary>
    private sealed class StreamSummary(CustomChatClient owner, ResilientResult<OpenedStream> opened, long started, TimeSpan timeToFirstToken)
    {
        private UsageDetails? _usage;
        private string? _finishReason;
        private string? _modelId;
        private System.Text.StringBuilder? _text;

        public void Observe(ChatResponseUpdate update, OpenedStream stream)
        {
            stream.RecordUsage(update);
            _modelId ??= update.ModelId;
            _finishReason = update.FinishReason?.Value ?? _finishReason;
            if (owner._diagnostics.LogSensitiveContent)
            {
                (_text ??= new()).Append(update.Text);
            }

            foreach (var content in update.Contents)
            {
                if (content is UsageContent usage)
                {
                    _usage = usage.Details;
                    if (CostOf(usage.Details) is { } cost)
                    {
                        (update.AdditionalProperties ??= [])[CostKey] = cost;
                    }
                }
            }
        }

        public void Complete()
        {
            owner._diagnostics.RecordSuccess(Operation, opened.Endpoint, opened.ModelId, _modelId, opened.Price, _usage, owner._clock.GetElapsedTime(started), timeToFirstToken, _finishReason, opened.Attempts);
            owner._diagnostics.RecordContent(Operation, opened.Endpoint, "completion", _text?.ToString());
        }

        private decimal? CostOf(UsageDetails usage) =>
            opened.Price?.Compute(usage.InputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, usage.OutputTokenCount ?? 0);
    }
}
