using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <content>Model discovery: <c>AddCustomModelCatalog</c> registers a <see cref="CustomModelCatalog"/> that lists an
/// endpoint's <c>models</c>.</content>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds a catalog of the models an OpenAI-compatible endpoint serves.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomModelCatalog(this IServiceCollection services, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return CustomServiceRegistration.RegisterModelCatalog(services, new CustomModelCatalogOptions { Endpoint = endpoint, ApiKey = apiKey }, serviceId, httpClient);
    }

    /// <summary>Adds a model catalog with every setting (headers, resilience, backups) given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomModelCatalog(this IServiceCollection services, CustomModelCatalogOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterModelCatalog(services, options, serviceId, httpClient);

    /// <summary>Adds a model catalog configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomModelCatalog(this IServiceCollection services, Action<CustomModelCatalogOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterModelCatalog(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds a model catalog for a named provider preset, for example
    /// <c>services.AddCustomModelCatalog(CustomProviders.Vllm)</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>; its default address is used.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the catalog under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.models</c> (<c>Connectors.Custom.models.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid (a preset without a default address needs the options form).</exception>
    public static IServiceCollection AddCustomModelCatalog(this IServiceCollection services, CustomProvider provider, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return CustomServiceRegistration.RegisterModelCatalog(services, new CustomModelCatalogOptions { Provider = provider.Name, ApiKey = apiKey }, serviceId, httpClient);
    }
}
