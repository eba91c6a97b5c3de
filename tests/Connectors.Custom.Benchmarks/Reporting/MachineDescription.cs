using System.Runtime;
using System.Runtime.InteropServices;

namespace Connectors.Custom.Benchmarks.Reporting;

/// <summary>What a reader needs to compare a figure with their own: cores, CPU model, runtime, OS and GC mode.</summary>
internal static class MachineDescription
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} cores (nproc), {CpuModel()}; {RuntimeInformation.FrameworkDescription}; " +
        $"{RuntimeInformation.OSDescription}; {(GCSettings.IsServerGC ? "server" : "workstation")} GC" +
        $"{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? " (concurrent)" : string.Empty)}";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
