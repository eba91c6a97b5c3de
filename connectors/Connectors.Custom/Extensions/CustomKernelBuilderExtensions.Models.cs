using System;
using System.Net.Http;
using Connectors.Custom;

namespace Microsoft.SemanticKernel;

/// <content>Model discovery; each forwards to the <see cref="CustomServiceCollectionExtensions"/> method of the same name.</content>
public static partial class CustomKernelBuilderExtensions
{
    /// <summary>Adds a catalog of the models an OpenAI-compatible endpoint serves.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomModelCatalog(this IKernelBuilder builder, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomModelCatalog(endpoint, apiKey, serviceId, httpClient));

    /// <summary>Adds a model catalog with every setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomModelCatalog(this IKernelBuilder builder, CustomModelCatalogOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomModelCatalog(options, serviceId, httpClient));

    /// <summary>Adds a model catalog configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomModelCatalog(this IKernelBuilder builder, Action<CustomModelCatalogOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomModelCatalog(configure, serviceId, httpClient));

    /// <summary>Adds a model catalog for a named provider preset, at its default address.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomModelCatalog(this IKernelBuilder builder, CustomProvider provider, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomModelCatalog(provider, apiKey, serviceId, httpClient));
}
