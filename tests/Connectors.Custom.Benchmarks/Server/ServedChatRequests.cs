using System.Collections.Concurrent;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// Chat requests answered per model, served at <c>GET /bench/chat-stats</c>. The harness reads them around each
/// client's checked call, so a client that retries, makes a second round trip (a function-invocation layer calling
/// the model again) or asks for the wrong kind of answer cannot pass as another.
/// </summary>
internal sealed class ServedChatRequests
{
    public const string Rejected = "rejected";

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Record(string model) => _counts.AddOrUpdate(model, 1, static (_, n) => n + 1);

    public Dictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}
