using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The functions the demo offers the model for its tool-calling step.</summary>
internal sealed class DemoPlugin
{
    [KernelFunction, Description("Returns the current UTC date and time in ISO 8601 format.")]
    public string UtcNow() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    [KernelFunction, Description("Adds two integers.")]
    public int Add([Description("The first number")] int a, [Description("The second number")] int b) => a + b;
}
