namespace Connectors.Custom.Cli.Commands;

/// <summary>Which exceptions mean "the endpoint failed" (exit code 1) rather than a bug.</summary>
internal static class EndpointFailures
{
    public static bool IsEndpointFailure(Exception exception) => exception is
        Microsoft.SemanticKernel.HttpOperationException // CustomEndpointException and its rate-limit and circuit kinds
        or CustomProtocolException
        or CustomTimeoutException
        or CustomBudgetExceededException
        or HttpRequestException;
}
