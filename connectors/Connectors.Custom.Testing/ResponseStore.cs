using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>The responses a stateful profile keeps for <c>previous_response_id</c>: for each response id, the
/// conversation up to and including that response (instructions excluded, as OpenAI does not carry them over).</summary>
/// <remarks>Thread-safe. Bounded: only the latest <see cref="Capacity"/> responses are kept, so a long benchmark run
/// against a stateful profile does not grow without end (OpenAI keeps them for 30 days; a test needs the last few).</remarks>
internal sealed class ResponseStore
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, IReadOnlyList<ChatScriptMessage>> _conversations = new();
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(string responseId, IReadOnlyList<ChatScriptMessage> conversation)
    {
        _conversations[responseId] = conversation;
        _order.Enqueue(responseId);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _conversations.TryRemove(oldest, out _);
        }
    }

    public bool TryGet(string responseId, out IReadOnlyList<ChatScriptMessage> conversation) =>
        _conversations.TryGetValue(responseId, out conversation!);
}
