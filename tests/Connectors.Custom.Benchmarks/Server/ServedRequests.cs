namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// Counts of the embeddings requests the server answered, served at <c>GET /bench/stats</c>. The harness reads them
/// around its one checked call per client, to prove the client sent the encoding and the number of requests the
/// scenario claims (a client that ignored "float", or batched differently, cannot pass as another).
/// </summary>
internal sealed class ServedRequests
{
    private long _base64;
    private long _float;
    private long _inputs;

    public void Record(EmbeddingRequest request)
    {
        Interlocked.Increment(ref request.Base64 ? ref _base64 : ref _float);
        Interlocked.Add(ref _inputs, request.InputCount);
    }

    public ServedRequestCounts Snapshot() =>
        new(Interlocked.Read(ref _base64), Interlocked.Read(ref _float), Interlocked.Read(ref _inputs));
}
