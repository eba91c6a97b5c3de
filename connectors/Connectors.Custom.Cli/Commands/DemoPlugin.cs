using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The functions the demo offers the model for its tool-calling step; it remembers the calls so the tour can
/// show what the model asked for.</summary>
internal sealed class DemoPlugin
{
    public ConcurrentQueue<string> Calls { get; } = new();

    [KernelFunction, Description("Returns the current UTC date and time in ISO 8601 format.")]
    public string UtcNow()
    {
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Calls.Enqueue($"UtcNow() = {now}");
        return now;
    }

    [KernelFunction, Description("Adds two integers.")]
    public int Add([Description("The first number")] int a, [Description("The second number")] int b)
    {
        Calls.Enqueue(FormattableString.Invariant($"Add({a}, {b}) = {a + b}"));
        return a + b;
    }
}
