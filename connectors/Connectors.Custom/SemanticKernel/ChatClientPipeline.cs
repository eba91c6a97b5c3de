using System.Net.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Builds the one chat pipeline every entry point uses, so the middleware order is fixed in one place.</summary>
/// <remarks>
/// Order, outermost first: SK's kernel function invocation (runs <see cref="IAutoFunctionInvocationFilter"/>s,
/// returns unknown functions and exceptions to the model as tool results) → <see cref="CustomChatClient"/> (one
/// protocol request per call). Resilience and telemetry layers slot in between as they are added.
/// </remarks>
internal static class ChatClientPipeline
{
    public static IChatClient Create(CustomChatCompletionOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        var protocolClient = new CustomChatClient(options, httpClient);
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
