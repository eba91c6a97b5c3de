using System.Diagnostics;

namespace Connectors.Custom.Benchmarks.Soak;

/// <summary>Process memory at one point of the run: the working set, and the managed heap after a full collection
/// (so garbage that is merely waiting does not look like growth).</summary>
internal sealed record MemorySample(string Label, int CompletedCalls, long WorkingSetBytes, long HeapAfterFullGcBytes)
{
    public static MemorySample Take(string label, int completedCalls)
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new MemorySample(label, completedCalls, process.WorkingSet64, heap);
    }
}
