using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>A plugin that records how it was called.</summary>
public sealed class MathPlugin
{
    public ConcurrentQueue<(int A, int B)> AddCalls { get; } = new();

    [KernelFunction, Description("Adds two integers.")]
    public int Add([Description("first")] int a, [Description("second")] int b)
    {
        AddCalls.Enqueue((a, b));
        return a + b;
    }

    [KernelFunction, Description("Always fails.")]
    public int Explode() => throw new InvalidOperationException("kaboom");
}
