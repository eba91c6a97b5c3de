using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Thrown before a call is sent when its service's (or the global) budget is already spent.</summary>
public sealed class CustomBudgetExceededException : KernelException
{
    /// <summary>Initializes a new instance of the <see cref="CustomBudgetExceededException"/> class.</summary>
    /// <param name="scope">Which budget: a service id, or "global".</param>
    /// <param name="limit">The limit in US dollars.</param>
    /// <param name="spent">What has been spent, in US dollars.</param>
    public CustomBudgetExceededException(string scope, decimal limit, decimal spent)
        : base($"The {scope} budget of ${limit} is spent (${spent} so far); the call was not sent.")
    {
        Scope = scope;
        Limit = limit;
        Spent = spent;
    }

    /// <summary>Gets which budget was spent: a service id, or "global".</summary>
    public string Scope { get; }

    /// <summary>Gets the limit in US dollars.</summary>
    public decimal Limit { get; }

    /// <summary>Gets what had been spent, in US dollars.</summary>
    public decimal Spent { get; }
}
