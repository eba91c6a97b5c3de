using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The server-side state one endpoint may be relied on for (<see cref="CustomChatCompletionOptions.UseServerState"/>):
/// which responses this endpoint stored, and whether it has shown that it lost one. The one owner of that state.
/// </summary>
/// <remarks>
/// <para>A request continues the latest assistant message in the conversation whose id is a response this endpoint
/// stored: a response from another endpoint (failover), from chat completions or from an earlier process would be
/// unknown to the server, so such a conversation is sent whole.</para>
/// <para>The ids are kept in a bounded first-in, first-out set: a conversation older than that is sent whole, which
/// costs tokens, never correctness.</para>
/// </remarks>
internal sealed class ResponsesServerState
{
    private const int MaxRemembered = 4096;

    private readonly bool _enabled;
    private readonly object _gate = new();
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private int _lost;

    public ResponsesServerState(bool enabled) => _enabled = enabled;

    /// <summary>Gets whether requests store responses and continue them: opted in, and not fallen back.</summary>
    public bool IsActive => _enabled && Volatile.Read(ref _lost) == 0;

    /// <summary>Decides what a request sends: after the latest stored response, or the whole conversation.</summary>
    public ResponsesRequestWriter.Continuation Plan(IReadOnlyList<ChatMessage> messages)
    {
        if (!IsActive)
        {
            return default;
        }

        lock (_gate)
        {
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i] is { MessageId: { } id } message && message.Role == ChatRole.Assistant && _stored.Contains(id))
                {
                    return new(id, i + 1);
                }
            }
        }

        return default;
    }

    /// <summary>Remembers a response the server stored for this endpoint.</summary>
    public void Remember(string? responseId)
    {
        if (!IsActive || string.IsNullOrEmpty(responseId))
        {
            return;
        }

        lock (_gate)
        {
            if (!_stored.Add(responseId))
            {
                return;
            }

            _order.Enqueue(responseId);
            if (_order.Count > MaxRemembered)
            {
                _stored.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>Whether <paramref name="error"/> says the server does not have the response a request continued
    /// (OpenAI's <c>previous_response_not_found</c>; Ollama, vLLM with its store off and OpenRouter answer 400 or 404
    /// naming <c>previous_response_id</c> or the id itself). If so the endpoint is used without state from now on.</summary>
    public bool TryFallBack(CustomEndpointException error, string previousResponseId)
    {
        if (error.IsInBandError || (int?)error.StatusCode is not (400 or 404 or 422))
        {
            return false;
        }

        var provider = error.ProviderError;
        var message = provider?.Message ?? error.Message;
        var lostState = provider?.Code == "previous_response_not_found"
            || provider?.Param == "previous_response_id"
            || message.Contains("previous_response", StringComparison.OrdinalIgnoreCase)
            || message.Contains("previous response", StringComparison.OrdinalIgnoreCase)
            || message.Contains(previousResponseId, StringComparison.Ordinal);
        if (lostState)
        {
            Volatile.Write(ref _lost, 1);
        }

        return lostState;
    }
}
