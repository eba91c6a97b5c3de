using System;
using System.Diagnostics;

namespace Connectors.Custom;

/// <summary>
/// The trace span of one rerank call, shaped like the GenAI spans chat and embeddings get (<c>rerank {model}</c>, kind
/// client, <c>gen_ai.*</c> and <c>server.*</c> attributes). The OpenTelemetry GenAI conventions define no rerank
/// operation yet, so <c>gen_ai.operation.name</c> is <c>rerank</c> (the name Cohere, Jina and vLLM give the endpoint)
/// until they do; what the conventions have no name for is under <c>connectors.custom.*</c>.
/// </summary>
internal static class RerankSpan
{
    /// <summary>The operation name, on the span and in logs, usage records and the cost metric.</summary>
    public const string Operation = "rerank";

    private static readonly ActivitySource s_source = new(CustomTelemetry.SourceName);

    /// <summary>Starts the span, or returns null when telemetry is off or nobody listens.</summary>
    public static Activity? Start(CustomRerankerOptions options, string model, int documents)
    {
        if (!options.EnableTelemetry)
        {
            return null;
        }

        var activity = s_source.StartActivity($"{Operation} {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            var endpoint = EndpointAddress.Sanitize(options.Endpoint!);
            activity.SetTag(GenAITags.OperationName, Operation);
            activity.SetTag(GenAITags.ProviderName, options.TelemetryName);
            activity.SetTag(GenAITags.RequestModel, model);
            activity.SetTag(GenAITags.ServerAddress, endpoint.Host);
            activity.SetTag("server.port", endpoint.Port);
            activity.SetTag("connectors.custom.rerank.documents", documents);
        }

        return activity;
    }

    /// <summary>Records a finished call: the endpoint that answered (a backup, after failover), the served model, the
    /// tokens the server reported and the attempts.</summary>
    public static void Succeed(Activity? activity, RerankResult result, string endpoint, int attempts)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("gen_ai.response.model", result.ModelId);
        activity.SetTag("connectors.custom.endpoint", endpoint);
        activity.SetTag("connectors.custom.attempts", attempts);
        if ((result.Usage?.InputTokenCount ?? result.Usage?.TotalTokenCount) is { } tokens)
        {
            activity.SetTag("gen_ai.usage.input_tokens", tokens);
        }
    }

    /// <summary>Marks the span failed with the exception's type, as the GenAI conventions ask.</summary>
    public static void Fail(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity?.SetTag(GenAITags.ErrorType, error.GetType().FullName);
    }
}
