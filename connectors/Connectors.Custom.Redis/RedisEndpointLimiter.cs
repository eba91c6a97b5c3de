using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// One endpoint's limits, shared by every instance through Redis: each request is admitted by one script run (one
/// round trip) that checks the cooldown, the concurrency leases and the window of requests and tokens; the token
/// correction and the lease release that follow are sent together, in one message, without waiting for an answer. While Redis cannot be reached
/// the failure policy decides (see <see cref="CustomRedisFailurePolicy"/>).
/// </summary>
internal sealed class RedisEndpointLimiter : IEndpointLimiter
{
    private static readonly string[] Reasons = ["admitted", "cooldown", "concurrency", "requests", "tokens", "circuit"];

    private readonly IDatabase _database;
    private readonly FleetKeys _keys;
    private readonly FleetHealth _health;
    private readonly CustomRedisOptions _options;
    private readonly CustomRateLimitOptions _limits;
    private readonly EndpointLimiter? _local;
    private readonly TimeProvider _timeProvider;
    private readonly string _endpoint;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly long _maxRequests;
    private readonly long _maxTokens;
    private readonly long _windowMilliseconds;
    private readonly long _breakMilliseconds;
    private long _sequence;

    public RedisEndpointLimiter(IDatabase database, FleetKeys keys, FleetHealth health, CustomRedisOptions options, CustomResilienceOptions resilience, EndpointLimiter? local, TimeProvider timeProvider, string endpoint)
    {
        var limits = resilience.RateLimits;
        _database = database;
        _keys = keys;
        _health = health;
        _options = options;
        _limits = limits;
        _local = local;
        _timeProvider = timeProvider;
        _endpoint = endpoint;
        _windowMilliseconds = (long)options.Window.TotalMilliseconds;
        _maxRequests = PerWindow(limits.RequestsPerMinute);
        _maxTokens = PerWindow(limits.TokensPerMinute);
        _breakMilliseconds = resilience.CircuitBreaker.Enabled ? (long)resilience.CircuitBreaker.BreakDuration.TotalMilliseconds : 0;
    }

    /// <inheritdoc />
    public async Task<ILimiterLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        var maxWait = _limits.OverLimit == OverLimitBehavior.Reject ? TimeSpan.Zero : _limits.MaxQueueTime;
        var start = _timeProvider.GetTimestamp();
        var tokens = _maxTokens > 0 ? Math.Min(Math.Max(estimatedTokens, 0), _maxTokens) : Math.Max(estimatedTokens, 0);
        var waited = false;
        while (true)
        {
            if (!_health.ShouldTry)
            {
                return await FallBackAsync(estimatedTokens, null, cancellationToken).ConfigureAwait(false);
            }

            var id = $"{_instance}:{Interlocked.Increment(ref _sequence)}";
            RedisResult[] answer;
            try
            {
                answer = await FleetCommands.EvaluateAsync(
                    _database,
                    FleetScripts.Admit,
                    _keys.Admission,
                    [_windowMilliseconds, _maxRequests, _maxTokens, tokens, _limits.MaxConcurrentRequests ?? 0, (long)_options.ConcurrencyLeaseTime.TotalMilliseconds, id, _breakMilliseconds],
                    _options,
                    _timeProvider,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (FleetCommands.IsUnanswered(ex))
            {
                // The script may have run even though its answer never came: take the admission back, so neither a
                // timeout nor a cancellation inflates the fleet's counters.
                Send(FleetScripts.Withdraw, [_keys.Log, _keys.Amounts, _keys.Leases], [id]);
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                _health.Failed(ex);
                return await FallBackAsync(estimatedTokens, ex, cancellationToken).ConfigureAwait(false);
            }

            _health.Succeeded();
            if ((long)answer[0] == 1)
            {
                FleetInstruments.Admission(_endpoint, "admitted", null);
                return new Lease(this, id, tokens, isProbe: (long)answer[1] == 1, waited ? _timeProvider.GetElapsedTime(start) : TimeSpan.Zero);
            }

            var wait = TimeSpan.FromMilliseconds((long)answer[1]);
            var reason = Reasons[(int)(long)answer[2]];
            if (reason == "circuit")
            {
                // An open circuit is not waited out: the call fails over to a backup at once, as with a local one.
                FleetInstruments.Admission(_endpoint, "rejected", reason);
                throw new CustomCircuitOpenException(_endpoint, wait);
            }

            if (wait > maxWait - _timeProvider.GetElapsedTime(start))
            {
                FleetInstruments.Admission(_endpoint, "rejected", reason);
                throw Rejected(reason, wait);
            }

            FleetInstruments.Admission(_endpoint, "waited", reason);
            waited = true;
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void ShareCooldown(TimeSpan wait)
    {
        var milliseconds = (long)Math.Ceiling(wait.TotalMilliseconds);
        if (milliseconds > 0 && _health.ShouldTry)
        {
            Send(FleetScripts.Cooldown, [_keys.Cooldown], [milliseconds]);
            FleetInstruments.CooldownShared(_endpoint);
        }
    }

    /// <inheritdoc />
    public void ShareCircuitOpen(TimeSpan breakDuration)
    {
        if (_breakMilliseconds > 0 && _health.ShouldTry)
        {
            Send(FleetScripts.OpenCircuit, [_keys.Circuit], [(long)Math.Ceiling(breakDuration.TotalMilliseconds)]);
            FleetInstruments.CircuitShared(_endpoint);
        }
    }

    public void Dispose() => _local?.Dispose();

    private async Task<ILimiterLease> FallBackAsync(int estimatedTokens, Exception? error, CancellationToken cancellationToken)
    {
        FleetInstruments.DegradedCall(_endpoint, _options.FailurePolicy);
        if (_options.FailurePolicy == CustomRedisFailurePolicy.FailClosed)
        {
            throw new CustomCoordinationUnavailableException(_endpoint, error);
        }

        return _local is null ? NoLease.Instance : await _local.AcquireAsync(estimatedTokens, cancellationToken).ConfigureAwait(false);
    }

    private void Send(string script, RedisKey[] keys, RedisValue[] values) => FleetCommands.Send(_database, script, keys, values);

    private long PerWindow(int? perMinute) =>
        perMinute is { } rate ? Math.Max(1, (long)Math.Floor(rate * _options.Window.TotalMilliseconds / 60_000d)) : 0;

    private CustomRateLimitException Rejected(string reason, TimeSpan wait) => new(
        reason == "cooldown"
            ? $"{_endpoint} asked every client to wait; the fleet holds it for another {wait}, longer than this call may wait (MaxQueueTime {_limits.MaxQueueTime}, OverLimit {_limits.OverLimit}); nothing was sent."
            : $"The fleet-wide limit on {reason} for {_endpoint} was reached and does not free up for {wait}, longer than this call may wait (MaxQueueTime {_limits.MaxQueueTime}, OverLimit {_limits.OverLimit}); nothing was sent.",
        requestedDelay: wait,
        isClientSide: true);

    /// <summary>An admission held for the duration of one request.</summary>
    /// <remarks>The token correction waits for the release, and both go in one message: a call's end then costs Redis
    /// one script run instead of two.</remarks>
    private sealed class Lease(RedisEndpointLimiter owner, string id, long charged, bool isProbe, TimeSpan waited) : ILimiterLease
    {
        private long _correction;
        private int _disposed;

        public TimeSpan Waited => waited;

        /// <summary>The fleet's half-open probe decides the shared circuit: a success closes it, a failure reopens it,
        /// no verdict hands the probe to the next caller.</summary>
        public void RecordVerdict(bool? failed)
        {
            if (!isProbe)
            {
                return;
            }

            switch (failed)
            {
                case true:
                    owner.ShareCircuitOpen(TimeSpan.FromMilliseconds(owner._breakMilliseconds));
                    break;
                case false:
                    owner.Send(FleetScripts.CloseCircuit, [owner._keys.Circuit], []);
                    break;
                default:
                    owner.Send(FleetScripts.ReleaseProbe, [owner._keys.Circuit], []);
                    break;
            }
        }

        public void RecordUsage(long? actualTokens)
        {
            if (owner._maxTokens > 0 && actualTokens is { } actual)
            {
                Volatile.Write(ref _correction, actual - charged);
            }
        }

        public void Withdraw()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                RecordVerdict(null);
                owner.Send(FleetScripts.Withdraw, [owner._keys.Log, owner._keys.Amounts, owner._keys.Leases], [id]);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            var correction = Volatile.Read(ref _correction);
            var release = owner._limits.MaxConcurrentRequests is not null;
            if (correction != 0 || release)
            {
                owner.Send(FleetScripts.Finish, [owner._keys.Amounts, owner._keys.Leases], [id, correction, release ? 1 : 0]);
            }
        }
    }

    /// <summary>The lease of a call let through without limits (Redis down, FailOpen, and no local limits set).</summary>
    private sealed class NoLease : ILimiterLease
    {
        public static readonly NoLease Instance = new();

        public void RecordUsage(long? actualTokens)
        {
        }

        public void Dispose()
        {
        }
    }
}
