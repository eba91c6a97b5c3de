using System;
using System.Net.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Builds the one chat pipeline every entry point uses, so the middleware order is fixed in one place.</summary>
/// <remarks>
/// Order, outermost first: SK's kernel function invocation (runs <see cref="IAutoFunctionInvocationFilter"/>s,
/// returns unknown functions and exceptions to the model as tool results) → <see cref="CustomChatClient"/> (retries,
/// timeouts, limits, circuit breaking and failover around one protocol client per endpoint). Each model round trip of
/// the function-invocation loop is therefore resilient on its own.
/// </remarks>
internal static class ChatClientPipeline
{
    public static IChatClient Create(CustomChatCompletionOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory, TimeProvider? timeProvider = null)
    {
        var protocolClient = new CustomChatClient(options, httpClient, timeProvider);
        var pipeline = protocolClient.AsBuilder()
            .UseKernelFunctionInvocation(loggerFactory)
            .Build();

        if (pipeline.GetService<FunctionInvokingChatClient>() is { } invoker)
        {
            invoker.MaximumIterationsPerRequest = options.MaximumAutoInvokeRounds;
            invoker.AllowConcurrentInvocation = options.AllowConcurrentFunctionInvocation;
        }

        return pipeline;
    }
}
