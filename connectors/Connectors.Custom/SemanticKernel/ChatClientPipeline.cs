using System;
using System.Net.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Builds the one chat pipeline every entry point uses, so the middleware order is fixed in one place.</summary>
/// <remarks>
/// Order, outermost first: SK's kernel function invocation (runs <see cref="IAutoFunctionInvocationFilter"/>s,
/// returns unknown functions and exceptions to the model as tool results) → M.E.AI's OpenTelemetry layer (a
/// <c>chat {model}</c> span and the <c>gen_ai.client.*</c> metrics per model round trip, nested under SK's function
/// spans; opt-out with <see cref="CustomEndpointOptions.EnableTelemetry"/>) → <see cref="CustomChatClient"/> (logging,
/// cost, budgets, retries, timeouts, limits, circuit breaking and failover around one protocol client per endpoint).
/// </remarks>
internal static class ChatClientPipeline
{
    public static IChatClient Create(CustomChatCompletionOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory, TimeProvider? timeProvider = null, ICustomUsageTracker? usageTracker = null, string? serviceId = null, IFleetCoordinator? fleet = null)
    {
        var client = new CustomChatClient(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId, fleet);
        var builder = client.AsBuilder().UseKernelFunctionInvocation(loggerFactory);
        if (options.EnableTelemetry)
        {
            builder.UseOpenTelemetry(loggerFactory, CustomTelemetry.SourceName, telemetry => telemetry.EnableSensitiveData = options.LogSensitiveContent);
        }

        var pipeline = builder.Build();
        if (pipeline.GetService<FunctionInvokingChatClient>() is { } invoker)
        {
            invoker.MaximumIterationsPerRequest = options.MaximumAutoInvokeRounds;
            invoker.AllowConcurrentInvocation = options.AllowConcurrentFunctionInvocation;
        }

        return pipeline;
    }
}
