namespace Connectors.Custom;

/// <summary>Attribute names from the OpenTelemetry semantic conventions used on the connector's own instruments.</summary>
internal static class GenAITags
{
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string OperationName = "gen_ai.operation.name";
    public const string ServerAddress = "server.address";
    public const string ErrorType = "error.type";
}
