using Connectors.Custom.Testing;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>
/// What the servers saw of each call, traced by the id in its prompt, next to what the client said about it: requests
/// per call per server, whether retries after a rate limit waited as long as the server asked, and whether the
/// attempt count and the answering endpoint the client reported match what the servers received.
/// </summary>
/// <remarks>Arrays sized once for the run, so the ledger does not grow. <see cref="Absorb"/> is called by one thread
/// at a time; <see cref="Report"/> by the worker that owns the call.</remarks>
internal sealed class CallLedger
{
    private const string IdPrefix = "[soak-";

    /// <summary>Timer granularity allowed when comparing a retry's arrival with the wait it was asked for: on Linux
    /// the runtime's timers run on the coarse monotonic clock (4 ms steps on a 250 Hz kernel), so a delay can end a
    /// few milliseconds early by a precise clock. A client that ignored the wait would be early by 50 ms or more (its
    /// own backoff is at most <see cref="SoakSettings.RetryMaxDelay"/>, the waits 250 ms to 1 s).</summary>
    public static readonly TimeSpan WaitTolerance = TimeSpan.FromMilliseconds(15);

    private readonly int[][] _requests;
    private readonly long[][] _earliestNextTicks;
    private readonly FaultKind[][] _lastWaitFault;
    private readonly long[] _attributed;
    private readonly int[] _reportedAttempts;
    private readonly int[] _reportedServer;
    private readonly int[] _ports;
    private long _shortestSlackTicks = long.MaxValue;

    public CallLedger(int calls, IReadOnlyList<LocalOpenAIServer> servers)
    {
        _ports = servers.Select(s => s.BaseAddress.Port).ToArray();
        _requests = _ports.Select(_ => new int[calls]).ToArray();
        _earliestNextTicks = _ports.Select(_ => new long[calls]).ToArray();
        _lastWaitFault = _ports.Select(_ => new FaultKind[calls]).ToArray();
        _attributed = new long[_ports.Length];
        _reportedAttempts = Enumerable.Repeat(-1, calls).ToArray();
        _reportedServer = Enumerable.Repeat(-1, calls).ToArray();
    }

    public int Calls => _reportedAttempts.Length;

    /// <summary>Gets how many retries came after a rate limit that named a wait.</summary>
    public int RetriesAfterWait { get; private set; }

    /// <summary>Gets how many of those came sooner than the wait the server asked for.</summary>
    public int WaitViolations { get; private set; }

    public string? FirstWaitViolation { get; private set; }

    /// <summary>Gets the smallest margin by which a retry after a rate limit exceeded the requested wait.</summary>
    public TimeSpan? ShortestWaitSlack => _shortestSlackTicks == long.MaxValue ? null : TimeSpan.FromTicks(_shortestSlackTicks);

    /// <summary>The prompt of call <paramref name="index"/>, tagged with its id.</summary>
    public static string Prompt(int index) => $"{IdPrefix}{index}] please summarise item {index} in a few words";

    public long Attributed(int server) => _attributed[server];

    public int MostRequestsForOneCall(int server) => _requests[server].Max();

    public int CallsReaching(int server) => _requests[server].Count(n => n > 0);

    /// <summary>Takes in requests a server recorded, in the order it recorded them.</summary>
    public void Absorb(int server, IReadOnlyList<RecordedRequest> requests)
    {
        foreach (var request in requests)
        {
            if (!TryReadCallIndex(request.Body, out var call))
            {
                continue;
            }

            _requests[server][call]++;
            _attributed[server]++;

            // A call's attempts are sequential: its next request at this server is the retry of the previous one.
            var earliest = _earliestNextTicks[server][call];
            if (earliest != 0)
            {
                RetriesAfterWait++;
                var slack = request.ReceivedAt.UtcTicks - earliest;
                _shortestSlackTicks = Math.Min(_shortestSlackTicks, slack);
                if (slack < -WaitTolerance.Ticks)
                {
                    WaitViolations++;
                    FirstWaitViolation ??= $"call {call} retried at the {Name(server)} {TimeSpan.FromTicks(-slack).TotalMilliseconds:F1} ms before the {RequestedWait(_lastWaitFault[server][call])!.Value.TotalMilliseconds:F0} ms wait of its {_lastWaitFault[server][call]} was over";
                }
            }

            _earliestNextTicks[server][call] = RequestedWait(request.Fault) is { } wait ? request.ReceivedAt.UtcTicks + wait.Ticks : 0;
            _lastWaitFault[server][call] = request.Fault ?? default;
        }
    }

    /// <summary>Records what the client said about a call: attempts made, and the endpoint that answered.</summary>
    public void Report(int call, int? attempts, string? endpoint)
    {
        if (attempts is { } count)
        {
            _reportedAttempts[call] = count;
        }

        if (endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var address))
        {
            var server = Array.IndexOf(_ports, address.Port);
            _reportedServer[call] = server >= 0 ? server : -2;
        }
    }

    /// <summary>Calls whose reported attempt count differs from the requests the servers received for them.</summary>
    public (int Checked, int Mismatches, string? First) CompareAttempts()
    {
        int checkedCalls = 0, mismatches = 0;
        string? first = null;
        for (var call = 0; call < Calls; call++)
        {
            if (_reportedAttempts[call] < 0)
            {
                continue;
            }

            checkedCalls++;
            var received = _requests.Sum(r => r[call]);
            if (received != _reportedAttempts[call])
            {
                mismatches++;
                first ??= $"call {call}: client reported {_reportedAttempts[call]} attempts, servers received {received} ({string.Join(", ", Enumerable.Range(0, _ports.Length).Select(s => $"{Name(s)} {_requests[s][call]}"))})";
            }
        }

        return (checkedCalls, mismatches, first);
    }

    /// <summary>Answers whose named endpoint received no request for that call (or is not one of the servers).</summary>
    public (int Checked, int Mismatches) CompareEndpoints()
    {
        int checkedCalls = 0, mismatches = 0;
        for (var call = 0; call < Calls; call++)
        {
            var server = _reportedServer[call];
            if (server == -1)
            {
                continue;
            }

            checkedCalls++;
            if (server < 0 || _requests[server][call] == 0)
            {
                mismatches++;
            }
        }

        return (checkedCalls, mismatches);
    }

    public static string Name(int server) => server == 0 ? "primary" : "backup";

    private static TimeSpan? RequestedWait(FaultKind? fault) => fault switch
    {
        FaultKind.RateLimitRetryAfterSeconds => SoakSettings.RetryAfter,
        FaultKind.RateLimitRetryAfterMs => SoakSettings.RetryAfterMs,
        FaultKind.RateLimitResetHeaders => SoakSettings.RateLimitReset,
        _ => null,
    };

    private bool TryReadCallIndex(string body, out int index)
    {
        index = -1;
        var start = body.IndexOf(IdPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        start += IdPrefix.Length;
        var end = body.IndexOf(']', start);
        return end > start && int.TryParse(body.AsSpan(start, end - start), out index) && index >= 0 && index < Calls;
    }
}
