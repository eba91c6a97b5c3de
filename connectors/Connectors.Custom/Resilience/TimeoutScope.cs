using System;
using System.Threading;

namespace Connectors.Custom;

/// <summary>
/// One cancellation source for one attempt (and, when streaming, for the rest of its stream), that can be armed with
/// the attempt timeout, then re-armed with the idle timeout before each read, and tells a timeout from the caller's
/// own cancellation.
/// </summary>
/// <remarks>Built on a <see cref="CancellationTokenSource"/> created with the injected <see cref="TimeProvider"/>, so
/// tests advance time instead of sleeping.</remarks>
internal sealed class TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _outer;
    private readonly CancellationTokenRegistration _caller;
    private readonly CancellationToken _outerToken;
    private readonly CancellationToken _callerToken;
    private readonly TimeProvider _timeProvider;
    private ITimer? _idleTimer;
    private TimeSpan _idleLimit;
    private long _lastActivity;
    private bool _idleStarted;

    /// <param name="timeProvider">The clock the timers run on.</param>
    /// <param name="outerToken">The enclosing scope's token (the call's total timeout).</param>
    /// <param name="callerToken">The caller's own token, linked directly as well: a stream outlives the enclosing
    /// scope, and must still stop when the caller cancels.</param>
    public TimeoutScope(TimeProvider timeProvider, CancellationToken outerToken, CancellationToken callerToken = default)
    {
        // With the system clock a plain source creates its timer only if a timeout is armed; other clocks (tests)
        // need the source bound to them.
        _source = timeProvider == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _timeProvider = timeProvider;
        _outerToken = outerToken;
        _callerToken = callerToken;
        _outer = outerToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _source);
        _caller = callerToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _source);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Gets the timeout armed last, and its limit.</summary>
    public (CustomTimeoutKind Kind, TimeSpan Limit)? Armed { get; private set; }

    /// <summary>Gets whether the scope was cancelled by its own timer rather than by the outer token.</summary>
    public bool TimedOut => _source.IsCancellationRequested && !_outerToken.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Starts (or restarts) the timer for <paramref name="kind"/>; a null limit disarms it.</summary>
    public void Arm(CustomTimeoutKind kind, TimeSpan? limit)
    {
        Armed = limit is { } value ? (kind, value) : null;
        _source.CancelAfter(limit ?? Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Notes activity on a stream and keeps the idle timeout running. The first call ends the attempt timeout and
    /// starts one idle timer; later calls only record the time. The timer, when it fires, cancels only if nothing
    /// happened for the whole limit, and otherwise waits out the rest: re-arming a cancellation timer for every
    /// streamed token would take the runtime's timer lock thousands of times a second.
    /// </summary>
    public void TouchIdle(TimeSpan? limit)
    {
        Volatile.Write(ref _lastActivity, _timeProvider.GetTimestamp());
        if (_idleStarted)
        {
            return;
        }

        _idleStarted = true;
        Arm(CustomTimeoutKind.StreamIdle, null);
        if (limit is { } value)
        {
            Armed = (CustomTimeoutKind.StreamIdle, value);
            _idleLimit = value;
            _idleTimer = _timeProvider.CreateTimer(static state => ((TimeoutScope)state!).OnIdleTimer(), this, value, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The one place where a cancellation becomes a timeout: <paramref name="error"/> as it is, unless it is
    /// the cancellation this scope's own timer caused, which becomes a <see cref="CustomTimeoutException"/> naming the
    /// timeout that expired.</summary>
    /// <param name="error">What the awaited operation threw.</param>
    /// <param name="endpoint">The endpoint, for the message.</param>
    public Exception Translate(Exception error, string endpoint) =>
        error is OperationCanceledException && TimedOut
            ? new CustomTimeoutException(Armed?.Kind ?? CustomTimeoutKind.Attempt, Armed?.Limit ?? TimeSpan.Zero, endpoint)
            : error;

    public void Dispose()
    {
        _idleTimer?.Dispose();
        _outer.Dispose();
        _caller.Dispose();
        _source.Dispose();
    }

    private void OnIdleTimer()
    {
        var silent = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastActivity));
        try
        {
            if (silent >= _idleLimit)
            {
                _source.Cancel();
            }
            else
            {
                _idleTimer?.Change(_idleLimit - silent, Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
    }
}
