using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which timers the code under test has armed, so a test moves time only
/// when that code is waiting on it: wait until the expected timer is armed, then advance to its deadline.
/// </summary>
/// <remarks>
/// It sees timers only through the public <see cref="TimeProvider.CreateTimer"/> surface, which <c>Task.Delay</c>,
/// <see cref="CancellationTokenSource"/> (created with a provider, including <c>CancelAfter</c>) and Polly all use;
/// it depends on nothing inside the library. Fake time never moves by itself: while real loopback I/O is in flight no
/// deadline can pass, however slow the machine.
/// </remarks>
public sealed class TestClock : FakeTimeProvider
{
    /// <summary>The longest wait <see cref="RunAsync{T}"/> treats as a delay: retry backoff and <c>Retry-After</c> (at
    /// most <c>MaxRetryAfter</c>, 60 s by default); attempt, idle and total timeouts are longer.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long a test waits (real time) for a timer before failing instead of hanging.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly List<TrackedTimer> _armed = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The due times of the timers armed now, earliest deadline first.</summary>
    public IReadOnlyList<TimeSpan> ArmedDueTimes
    {
        get
        {
            lock (_gate)
            {
                return _armed.OrderBy(t => t.Deadline).Select(t => t.DueTime).ToArray();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Waits until a timer with exactly <paramref name="dueTime"/> is armed, then advances to its deadline.</summary>
    public Task AdvanceWhenWaitingAsync(TimeSpan dueTime) =>
        AdvanceWhenWaitingAsync(due => due == dueTime, $"a {dueTime.TotalSeconds:0.###} s timer");

    /// <summary>Waits until a timer whose due time matches <paramref name="expected"/> is armed, then advances to the
    /// deadline of the earliest such timer (firing every timer due by then, as real time would).</summary>
    /// <returns>The due time of the timer that was waited for.</returns>
    public async Task<TimeSpan> AdvanceWhenWaitingAsync(Func<TimeSpan, bool> expected, string description)
    {
        var timer = await FindTimerAsync(expected, description, CancellationToken.None);
        AdvanceTo(timer!);
        return timer!.DueTime;
    }

    /// <summary>
    /// Awaits <paramref name="call"/>, moving time only while it waits on a delay (a timer of at most
    /// <see cref="LongestDelay"/>: backoff, <c>Retry-After</c>), each time exactly to that delay's end.
    /// For calls whose attempt, idle and total timeouts are left long: while a request is in flight only those are
    /// armed, so no in-flight request can time out, however slow the machine. Not for hedging, whose delay runs while
    /// the primary's request is in flight: advance that one explicitly once the request is where the test wants it.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> call)
    {
        using var done = new CancellationTokenSource();
        while (!call.IsCompleted)
        {
            var delay = FindTimerAsync(due => due <= LongestDelay, "a delay", done.Token);
            if (await Task.WhenAny(call, delay) == delay && await delay is { } timer)
            {
                AdvanceTo(timer);
            }
        }

        await done.CancelAsync();
        return await call;
    }

    /// <inheritdoc cref="RunAsync{T}(Task{T})"/>
    public Task RunAsync(Task call) =>
        RunAsync(call.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    private void AdvanceTo(TrackedTimer timer)
    {
        var step = timer.Deadline - GetUtcNow();
        if (step > TimeSpan.Zero)
        {
            Advance(step);
        }
    }

    /// <returns>The earliest armed timer that matches, or null when <paramref name="stop"/> is cancelled first.</returns>
    private async Task<TrackedTimer?> FindTimerAsync(Func<TimeSpan, bool> expected, string description, CancellationToken stop)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(stop);
        guard.CancelAfter(HangGuard);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _armed.Where(t => expected(t.DueTime)).OrderBy(t => t.Deadline).FirstOrDefault();
                if (match is not null)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The code under test never armed {description}; armed now: [{string.Join(", ", ArmedDueTimes)}].");
            }
        }
    }

    private void Arm(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _armed.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueTime = dueTime;
                timer.Period = period;
                timer.Deadline = GetUtcNow() + dueTime;
                _armed.Add(timer);
            }

            changed = _changed;
            _changed = NewSignal();
        }

        // Outside the lock: waiters resume on their own (RunContinuationsAsynchronously).
        changed.SetResult();
    }

    private void Fired(TrackedTimer timer)
    {
        lock (_gate)
        {
            if (timer.Period == Timeout.InfiniteTimeSpan || timer.Period == TimeSpan.Zero)
            {
                _armed.Remove(timer);
            }
            else
            {
                timer.Deadline += timer.Period;
            }
        }
    }

    private void Disarm(TrackedTimer timer) => Arm(timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Sets an armed timer's deadline again from now, once its fake timer is armed (see TrackedTimer.Change).</summary>
    private void Rearm(TrackedTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan && _armed.Contains(timer))
            {
                timer.Deadline = GetUtcNow() + dueTime;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wraps the fake timer so the clock sees every arm, fire and disarm.</summary>
    private sealed class TrackedTimer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly TestClock _clock = clock;
        private readonly TimerCallback _callback = callback;
        private readonly object? _state = state;
        private ITimer? _inner;

        public TimeSpan DueTime { get; set; }

        public TimeSpan Period { get; set; }

        public DateTimeOffset Deadline { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Recorded before the fake timer is armed: a zero due time fires inside the call.
            _clock.Arm(this, dueTime, period);
            var changed = true;
            if (_inner is null)
            {
                _inner = _clock.CreateInnerTimer(OnTick, this, dueTime, period);
            }
            else
            {
                changed = _inner.Change(dueTime, period);
            }

            // A test thread may have advanced time between the two: the fake timer counts from when it was armed, so
            // the deadline is recorded again from now. A deadline left in the past would never fire, and RunAsync would
            // find it over and over without advancing (a spin at 100 % CPU, seen once).
            _clock.Rearm(this, dueTime);
            return changed;
        }

        public void Dispose()
        {
            _clock.Disarm(this);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void OnTick(object? self)
        {
            var timer = (TrackedTimer)self!;
            timer._clock.Fired(timer);
            timer._callback(timer._state);
        }
    }

    private ITimer CreateInnerTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);
}
