using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <content>An image generator registrations: <c>AddCustomTextToImage</c> adds an image generator for an OpenAI-compatible <c>images/generations</c> endpoint, as Semantic Kernel's <c>ITextToImageService</c> and Microsoft.Extensions.AI's <c>IImageGenerator</c> (one instance underneath).</content>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds an image generator for an OpenAI-compatible <c>images/generations</c> endpoint, as Semantic Kernel's <c>ITextToImageService</c> and Microsoft.Extensions.AI's <c>IImageGenerator</c> (one instance underneath).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The image model id, for example <c>dall-e-3</c> or <c>grok-2-image</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.images</c> (<c>Connectors.Custom.images.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomTextToImage(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToImage(services, RegistrationOptions.ForEndpoint<CustomImageOptions>(modelId, endpoint, apiKey), serviceId, httpClient);

    /// <summary>Adds an image generator with every setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.images</c> (<c>Connectors.Custom.images.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToImage(this IServiceCollection services, CustomImageOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToImage(services, options, serviceId, httpClient);

    /// <summary>Adds an image generator configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.images</c> (<c>Connectors.Custom.images.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToImage(this IServiceCollection services, Action<CustomImageOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToImage(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds an image generator configured from a configuration section (option names as keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.images</c> (<c>Connectors.Custom.images.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToImage(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToImage(services, CustomOptionsReader.Bind(configuration, new CustomImageOptions()), serviceId, httpClient);

    /// <summary>Adds an image generator for a named provider preset (its address, key variable and quirks).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The image model id, for example <c>dall-e-3</c> or <c>grok-2-image</c>.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.images</c> (<c>Connectors.Custom.images.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomTextToImage(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToImage(services, RegistrationOptions.ForPreset<CustomImageOptions>(provider, modelId, apiKey), serviceId, httpClient);
}
