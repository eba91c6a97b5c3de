using System.Collections.Generic;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>The requests a server has recorded, in order, and the sequence numbers it hands out.</summary>
/// <remarks>Thread-safe. Only <see cref="RequestPipeline"/> adds to it, once per captured request.</remarks>
internal sealed class RequestLog
{
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _gate = new();
    private long _sequence = -1;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public RecordedRequest[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public RecordedRequest[] Take()
    {
        lock (_gate)
        {
            RecordedRequest[] taken = [.. _requests];
            _requests.Clear();
            return taken;
        }
    }
}
