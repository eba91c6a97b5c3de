using System.Diagnostics;

namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>
/// Runs a number of calls with a fixed number of callers in flight and reads whole-process counters around them:
/// CPU time from the OS, allocations and gen2 collections from the GC. Work on other threads (socket I/O
/// completions, thread-pool continuations, background GCs) is therefore counted, which a per-method benchmark misses.
/// </summary>
internal static class Measurement
{
    /// <summary>Warm-up runs at least this long, so tiered JIT and dynamic PGO have settled before we measure.</summary>
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);

    public static async Task WarmUpAsync(Func<CancellationToken, Task> call, int concurrency, int maxCalls, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        while (done < maxCalls && (done < 3 * concurrency || watch.Elapsed < WarmUpTime))
        {
            await RunCallsAsync(call, concurrency, concurrency, cancellationToken);
            done += concurrency;
        }
    }

    public static async Task<Sample> MeasureAsync(Func<CancellationToken, Task> call, int calls, int concurrency, CancellationToken cancellationToken)
    {
        // Start every run from a collected heap, so garbage left by the previous client is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpuBefore = ProcessCpuTime();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen2Before = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();

        await RunCallsAsync(call, calls, concurrency, cancellationToken);

        watch.Stop();
        var cpu = ProcessCpuTime() - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        return new Sample(cpu.TotalMilliseconds / calls, (double)allocated / calls, gen2 * 1000.0 / calls, calls / watch.Elapsed.TotalSeconds);
    }

    private static async Task RunCallsAsync(Func<CancellationToken, Task> call, int calls, int concurrency, CancellationToken cancellationToken)
    {
        var started = 0;
        var callers = new Task[Math.Min(concurrency, calls)];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref started) <= calls)
                {
                    await call(cancellationToken);
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
