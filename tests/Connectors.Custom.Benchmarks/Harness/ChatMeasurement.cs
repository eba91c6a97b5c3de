using System.Diagnostics;

namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>
/// <see cref="Measurement"/> for chat calls: the same whole-process counters around a run of calls with a fixed
/// number of callers, plus gen0 collections and each call's time to its first delta. Each caller owns one
/// <see cref="ChatSink"/> for the whole run, so the harness allocates nothing per call.
/// </summary>
internal static class ChatMeasurement
{
    /// <summary>Runs calls for at least <paramref name="minimum"/> (and at least 3 rounds of one call per caller) so
    /// tiered JIT, dynamic PGO and the connection pool have settled; returns the calls per second of the second half,
    /// to size the measured repetitions.</summary>
    public static async Task<double> WarmUpAsync(Func<ChatSink, CancellationToken, Task> call, int concurrency, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var batch = Math.Max(concurrency, 8);
        var watch = Stopwatch.StartNew();
        Stopwatch? timed = null;
        var timedCalls = 0;
        while (timed is null || timedCalls < 2 * batch || watch.Elapsed < minimum)
        {
            await RunCallsAsync(call, batch, concurrency, null, cancellationToken);
            if (timed is not null)
            {
                timedCalls += batch;
            }
            else if (watch.Elapsed >= minimum / 2)
            {
                // The first half compiles, tiers up and opens connections; the rate is taken from the second.
                timed = Stopwatch.StartNew();
            }
        }

        return timedCalls / timed.Elapsed.TotalSeconds;
    }

    public static async Task<ChatSample> MeasureAsync(Func<ChatSink, CancellationToken, Task> call, int calls, int concurrency, CancellationToken cancellationToken)
    {
        var firstDelta = new double[calls];

        // Start every run from a collected heap, so garbage left by the previous client is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpuBefore = ProcessCpuTime();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();

        await RunCallsAsync(call, calls, concurrency, firstDelta, cancellationToken);

        watch.Stop();
        var cpu = ProcessCpuTime() - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        return new ChatSample(
            cpu.TotalMilliseconds / calls,
            (double)allocated / calls,
            gen0 * 1000.0 / calls,
            gen2 * 1000.0 / calls,
            calls / watch.Elapsed.TotalSeconds,
            ChatSample.Median(firstDelta.Where(d => d > 0)),
            calls);
    }

    private static async Task RunCallsAsync(Func<ChatSink, CancellationToken, Task> call, int calls, int concurrency, double[]? firstDelta, CancellationToken cancellationToken)
    {
        var started = 0;
        var callers = new Task[Math.Min(concurrency, calls)];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                var sink = new ChatSink(keep: false);
                int index;
                while ((index = Interlocked.Increment(ref started) - 1) < calls)
                {
                    sink.Start();
                    await call(sink, cancellationToken);
                    if (firstDelta is not null)
                    {
                        firstDelta[index] = sink.TimeToFirstDelta.TotalMilliseconds;
                    }
                }
            }, cancellationToken);
        }

        await Task.WhenAll(callers);
    }

    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
