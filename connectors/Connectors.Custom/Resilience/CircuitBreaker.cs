using System;

namespace Connectors.Custom;

/// <summary>
/// The circuit breaker of one endpoint: closed while the share of failed attempts within the sampling window stays
/// below the ratio; open (every attempt refused) for the break duration once it does; then half-open, letting exactly
/// one probe through, whose outcome closes or reopens the circuit.
/// </summary>
/// <remarks>
/// <para>Written here rather than taken from Polly because an attempt's outcome is not always known when the attempt
/// returns: a stream commits to its endpoint at its first update and can still fail afterwards, and that failure must
/// count. Polly's breaker only sees outcomes of the callback it wraps. (Fleet mode will also need the state to live
/// outside the process.)</para>
/// <para>The window is a fixed one that restarts when it has run its length, counting attempts and failures; the
/// ratio is judged only once the window holds <see cref="CustomCircuitBreakerOptions.MinimumThroughput"/> attempts.
/// Thread-safe: all state changes happen under one lock, held for a few comparisons.</para>
/// </remarks>
internal sealed class CircuitBreaker
{
    private readonly CustomCircuitBreakerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Action<CircuitState, TimeSpan?> _onTransition;
    private readonly object _gate = new();
    private volatile CircuitState _state;
    private long _windowStart;
    private int _attempts;
    private int _failures;
    private long _openedAt;
    private bool _probeTaken;

    /// <param name="options">The thresholds.</param>
    /// <param name="timeProvider">The clock of the window and the break.</param>
    /// <param name="onTransition">Told of every state change (outside the lock), with the break duration when opening.</param>
    public CircuitBreaker(CustomCircuitBreakerOptions options, TimeProvider timeProvider, Action<CircuitState, TimeSpan?> onTransition)
    {
        _options = options;
        _timeProvider = timeProvider;
        _onTransition = onTransition;
        _windowStart = timeProvider.GetTimestamp();
    }

    /// <summary>Gets whether the circuit refuses attempts now (open, break not yet over).</summary>
    public bool IsOpen
    {
        get
        {
            if (_state == CircuitState.Closed)
            {
                return false;
            }

            lock (_gate)
            {
                return _state == CircuitState.Open && BreakRemaining() > TimeSpan.Zero;
            }
        }
    }

    /// <summary>Lets an attempt through, or refuses it while the circuit is open or its single probe is out.</summary>
    /// <param name="endpoint">The endpoint, for the exception.</param>
    /// <exception cref="CustomCircuitOpenException">The circuit refuses the attempt; nothing may be sent.</exception>
    public void Enter(string endpoint)
    {
        if (_state == CircuitState.Closed)
        {
            // The common case, read without the lock: a circuit that opens a moment later refuses the next attempt.
            return;
        }

        bool halfOpened;
        lock (_gate)
        {
            if (_state == CircuitState.Closed)
            {
                return;
            }

            var remaining = BreakRemaining();
            if (_state == CircuitState.Open && remaining > TimeSpan.Zero)
            {
                throw new CustomCircuitOpenException(endpoint, remaining);
            }

            if (_probeTaken)
            {
                // Half-open: one probe is already out; the rest wait for its verdict like an open circuit.
                throw new CustomCircuitOpenException(endpoint, _options.BreakDuration);
            }

            halfOpened = _state == CircuitState.Open;
            _state = CircuitState.HalfOpen;
            _probeTaken = true;
        }

        if (halfOpened)
        {
            _onTransition(CircuitState.HalfOpen, null);
        }
    }

    /// <summary>Records an attempt that ended in a way that says nothing against the endpoint.</summary>
    public void RecordSuccess() => Record(failed: false);

    /// <summary>Records an attempt that failed the way a struggling endpoint fails (see <see cref="FailureClassifier.IsTransient"/>).</summary>
    public void RecordFailure() => Record(failed: true);

    /// <summary>Records an attempt that ended without a verdict (the caller cancelled it): a probe it carried is
    /// handed back, so the next attempt probes instead of the circuit staying half-open for good.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (_state == CircuitState.HalfOpen)
            {
                _probeTaken = false;
            }
        }
    }

    private void Record(bool failed)
    {
        CircuitState? changed = null;
        lock (_gate)
        {
            if (_state == CircuitState.HalfOpen)
            {
                _probeTaken = false;
                changed = failed ? Open() : Close();
            }
            else if (_state == CircuitState.Closed)
            {
                var now = _timeProvider.GetTimestamp();
                if (_timeProvider.GetElapsedTime(_windowStart, now) >= _options.SamplingDuration)
                {
                    _windowStart = now;
                    _attempts = 0;
                    _failures = 0;
                }

                _attempts++;
                _failures += failed ? 1 : 0;
                if (failed && _attempts >= _options.MinimumThroughput && _failures >= _options.FailureRatio * _attempts)
                {
                    changed = Open();
                }
            }

            // An outcome arriving while open (an attempt that started before the circuit opened) changes nothing.
        }

        if (changed is { } state)
        {
            _onTransition(state, state == CircuitState.Open ? _options.BreakDuration : null);
        }
    }

    private CircuitState Open()
    {
        _state = CircuitState.Open;
        _openedAt = _timeProvider.GetTimestamp();
        return CircuitState.Open;
    }

    private CircuitState Close()
    {
        _state = CircuitState.Closed;
        _windowStart = _timeProvider.GetTimestamp();
        _attempts = 0;
        _failures = 0;
        return CircuitState.Closed;
    }

    private TimeSpan BreakRemaining() => _options.BreakDuration - _timeProvider.GetElapsedTime(_openedAt);
}
