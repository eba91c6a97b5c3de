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

    /// <summary>Runs <paramref name="rounds"/> rounds of one call of each client in turn (the order rotating from round to
    /// round), one call in flight, and charges each client with what happened during its own calls only: clients
    /// whose figures depend on how the machine's load splits a transfer into reads are compared under the same load.</summary>
    /// <returns>One sample per client, in the order given.</returns>
    public static async Task<Sample[]> MeasureInterleavedAsync(IReadOnlyList<Func<CancellationToken, Task>> clients, int rounds, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpu = new TimeSpan[clients.Count];
        var allocated = new long[clients.Count];
        var gen2 = new int[clients.Count];
        var elapsed = new TimeSpan[clients.Count];
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < clients.Count; turn++)
            {
                var client = (round + turn) % clients.Count;

                // Environment.CpuUsage and the GC counters allocate nothing, so the readings do not charge themselves.
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var gen2Before = GC.CollectionCount(2);
                var started = Stopwatch.GetTimestamp();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                await clients[client](cancellationToken);
                allocated[client] += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                elapsed[client] += Stopwatch.GetElapsedTime(started);
                gen2[client] += GC.CollectionCount(2) - gen2Before;
                cpu[client] += Environment.CpuUsage.TotalTime - cpuBefore;
            }
        }

        var samples = new Sample[clients.Count];
        for (var client = 0; client < clients.Count; client++)
        {
            samples[client] = new Sample(cpu[client].TotalMilliseconds / rounds, (double)allocated[client] / rounds, gen2[client] * 1000.0 / rounds, rounds / elapsed[client].TotalSeconds);
        }

        return samples;
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
