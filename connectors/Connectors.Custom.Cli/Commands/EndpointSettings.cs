namespace Connectors.Custom.Cli.Commands;

/// <summary>The endpoint a command talks to; none means the local scripted server.</summary>
/// <param name="Endpoint">The API base address, or null for the local server.</param>
/// <param name="Model">The model id, or null.</param>
/// <param name="ApiKey">The API key, or null.</param>
/// <param name="Retries">Retries per call.</param>
internal sealed record EndpointSettings(Uri? Endpoint, string? Model, string? ApiKey, int Retries)
{
    public bool IsLocal => Endpoint is null;

    public CustomChatCompletionOptions ChatOptions(Uri endpoint, string model)
    {
        var options = new CustomChatCompletionOptions { Endpoint = endpoint, ModelId = model, ApiKey = ApiKey };
        options.Resilience.Retry.MaxRetries = Retries;
        return options;
    }

    public CustomEmbeddingOptions EmbeddingOptions(Uri endpoint, string model)
    {
        var options = new CustomEmbeddingOptions { Endpoint = endpoint, ModelId = model, ApiKey = ApiKey };
        options.Resilience.Retry.MaxRetries = Retries;
        return options;
    }

    public CustomModelCatalogOptions CatalogOptions(Uri endpoint)
    {
        var options = new CustomModelCatalogOptions { Endpoint = endpoint, ApiKey = ApiKey };
        options.Resilience.Retry.MaxRetries = Retries;
        return options;
    }

    /// <summary>Describes the settings without the key (a record would print every member).</summary>
    public override string ToString() =>
        $"EndpointSettings {{ Endpoint = {(Endpoint is null ? "local" : Describe(Endpoint))}, Model = {Model}, ApiKey = {(ApiKey is null ? "none" : "set")}, Retries = {Retries} }}";

    /// <summary>The address without user info or query, either of which may hold a key.</summary>
    public static string Describe(Uri address) =>
        new UriBuilder(address) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.ToString();
}
