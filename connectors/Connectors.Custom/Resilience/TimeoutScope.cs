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

    /// <param name="timeProvider">The clock the timers run on.</param>
    /// <param name="outerToken">The enclosing scope's token (the call's total timeout).</param>
    /// <param name="callerToken">The caller's own token, linked directly as well: a stream outlives the enclosing
    /// scope, and must still stop when the caller cancels.</param>
    public TimeoutScope(TimeProvider timeProvider, CancellationToken outerToken, CancellationToken callerToken = default)
    {
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
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

    /// <summary>Creates the exception that reports the expired timeout.</summary>
    public CustomTimeoutException CreateException(string endpoint) =>
        new(Armed?.Kind ?? CustomTimeoutKind.Attempt, Armed?.Limit ?? TimeSpan.Zero, endpoint);

    public void Dispose()
    {
        _outer.Dispose();
        _caller.Dispose();
        _source.Dispose();
    }
}
