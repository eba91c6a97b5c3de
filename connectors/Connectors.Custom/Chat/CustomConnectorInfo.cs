namespace Connectors.Custom;

/// <summary>Names the connector publishes in metadata and telemetry.</summary>
internal static class CustomConnectorInfo
{
    /// <summary>The provider name reported through <c>ChatClientMetadata</c> (used for <c>gen_ai.provider.name</c>).</summary>
    public const string ProviderName = "openai-compatible";
}
