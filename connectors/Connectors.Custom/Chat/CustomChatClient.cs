using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

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

    private readonly CustomChatCompletionOptions _options;
    private readonly ResilientExecutor<ChatProtocolClient> _executor;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="CustomChatClient"/> class.</summary>
    /// <param name="options">The endpoint, model, backups and behaviour settings. A copy is taken; later changes have no effect.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used. A client left at
    /// the 100-second default timeout gets an infinite one: the connector's own timeouts apply instead.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomChatClient(CustomChatCompletionOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        var clock = timeProvider ?? TimeProvider.System;
        _executor = ResilientExecutor<ChatProtocolClient>.Create(_options, o => new ChatProtocolClient(o, httpClient, clock), clock);
        _metadata = new ChatClientMetadata(CustomConnectorInfo.ProviderName, EndpointAddress.Sanitize(_options.Endpoint!), _options.ModelId);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = Materialize(messages);
        var result = await _executor.ExecuteAsync(
            async (client, attempt) =>
            {
                var response = await client.GetResponseAsync(history, ForEndpoint(options, client), attempt.Token).ConfigureAwait(false);
                attempt.Lease?.RecordUsage(response.Usage?.TotalTokenCount);
                return response;
            },
            EstimateTokens(history, options),
            discard: null,
            cancellationToken).ConfigureAwait(false);

        Annotate(result.Value.AdditionalProperties ??= [], result.Endpoint, result.Attempts);
        return result.Value;
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
        var opened = await _executor.ExecuteAsync(
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

            Annotate(first.AdditionalProperties ??= [], opened.Endpoint, opened.Attempts);
            stream.RecordUsage(first);
            yield return first;

            while (await stream.MoveNextAsync(_options.Resilience.Timeouts.StreamIdleTimeout, opened.Endpoint).ConfigureAwait(false))
            {
                var update = stream.Current;
                stream.RecordUsage(update);
                yield return update;
            }
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
        foreach (var message in history)
        {
            foreach (var content in message.Contents)
            {
                characters += content is TextContent text ? text.Text.Length : 0;
            }
        }

        return (int)Math.Min(int.MaxValue, (characters / 4) + (options?.MaxOutputTokens ?? 0) + history.Count);
    }

    private static void Annotate(AdditionalPropertiesDictionary properties, string endpoint, int attempts)
    {
        properties[EndpointKey] = endpoint;
        properties[AttemptsKey] = attempts;
    }
}
