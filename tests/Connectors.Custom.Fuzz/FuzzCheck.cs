using System.Diagnostics;

namespace Connectors.Custom.Fuzz;

/// <summary>
/// The invariant every parser must keep for every input: it ends in a result or one of the connector's typed
/// exceptions, having allocated no more than a bound proportional to the input (the configured limits cap the input
/// itself), and — when a time bound is given — in bounded time. Anything else escapes as a failure.
/// </summary>
/// <remarks>
/// Only the fuzz command, run by hand on a quiet machine, passes a time bound: wall-clock time on a loaded CI machine
/// includes waits for a core and for the GC, so a window there fails correct parsers. The seeded pass in CI catches a
/// quadratic parser by its hang guard instead: on the 256 KiB inputs it replays, quadratic work takes minutes.
/// </remarks>
public static class FuzzCheck
{
    /// <summary>No single input of a few KiB may take this long; a parser that does is quadratic or worse.</summary>
    public static readonly TimeSpan MaxTimePerInput = TimeSpan.FromSeconds(2);

    /// <summary>Fixed allowance: pooled buffers on first use, regex and JSON reader state, exception objects.</summary>
    private const long FixedAllocationBytes = 2 * 1024 * 1024;

    /// <summary>Per input byte: a UTF-16 copy of text (2 bytes), a few intermediate strings and the parsed result.</summary>
    private const long AllocationBytesPerInputByte = 64;

    public static void Check(FuzzTarget target, FuzzCase input, TimeSpan? maxTimePerInput = null)
    {
        var (elapsed, allocated) = Measure(target, input);
        if (elapsed > maxTimePerInput)
        {
            // Even on a quiet machine a GC or a page fault can land in one input: it fails only if slow a second time.
            elapsed = Measure(target, input).Elapsed;
        }

        if (elapsed > maxTimePerInput)
        {
            throw new FuzzInvariantException($"{target.Name} took {elapsed.TotalMilliseconds:F0} ms for a {input.Data.Length}-byte input.");
        }

        var bound = FixedAllocationBytes + (AllocationBytesPerInputByte * input.Data.Length);
        if (allocated > bound)
        {
            throw new FuzzInvariantException($"{target.Name} allocated {allocated} bytes for a {input.Data.Length}-byte input (bound {bound}).");
        }
    }

    private static (TimeSpan Elapsed, long Allocated) Measure(FuzzTarget target, FuzzCase input)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        try
        {
            target.Run(input);
        }
        catch (CustomProtocolException)
        {
            // A typed refusal of malformed input: the documented outcome.
        }
        catch (CustomEndpointException)
        {
            // An error the server reported in its body: also documented.
        }

        return (Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }
}
