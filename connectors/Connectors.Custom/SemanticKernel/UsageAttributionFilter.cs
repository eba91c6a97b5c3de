using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Marks the Semantic Kernel function a chat or embedding call is made in, so usage and cost are attributed
/// to it (<see cref="CustomUsageRecord.FunctionName"/>). Registered by the registration methods.</summary>
internal sealed class UsageAttributionFilter : IFunctionInvocationFilter
{
    private static readonly AsyncLocal<string?> s_current = new();

    /// <summary>Gets the innermost function running on this async flow, as <c>Plugin.Function</c>.</summary>
    public static string? CurrentFunction => s_current.Value;

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        var previous = s_current.Value;
        s_current.Value = context.Function.PluginName is { Length: > 0 } plugin ? $"{plugin}.{context.Function.Name}" : context.Function.Name;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            s_current.Value = previous;
        }
    }
}
