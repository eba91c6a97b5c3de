using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <content>A reranker registrations: <c>AddCustomReranker</c> adds a reranker (<see cref="IReranker"/>, <see cref="CustomReranker"/>) for a <c>rerank</c> endpoint (Jina/Cohere shape) or vLLM's <c>score</c>.</content>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds a reranker (<see cref="IReranker"/>, <see cref="CustomReranker"/>) for a <c>rerank</c> endpoint (Jina/Cohere shape) or vLLM's <c>score</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The reranking model id, for example <c>BAAI/bge-reranker-v2-m3</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.rerank</c> (<c>Connectors.Custom.rerank.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomReranker(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterReranker(services, RegistrationOptions.ForEndpoint<CustomRerankerOptions>(modelId, endpoint, apiKey), serviceId, httpClient);

    /// <summary>Adds a reranker with every setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.rerank</c> (<c>Connectors.Custom.rerank.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomReranker(this IServiceCollection services, CustomRerankerOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterReranker(services, options, serviceId, httpClient);

    /// <summary>Adds a reranker configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.rerank</c> (<c>Connectors.Custom.rerank.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomReranker(this IServiceCollection services, Action<CustomRerankerOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterReranker(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds a reranker configured from a configuration section (option names as keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.rerank</c> (<c>Connectors.Custom.rerank.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomReranker(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterReranker(services, CustomOptionsReader.Bind(configuration, new CustomRerankerOptions()), serviceId, httpClient);

    /// <summary>Adds a reranker for a named provider preset (its address, key variable and quirks).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The reranking model id, for example <c>BAAI/bge-reranker-v2-m3</c>.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.rerank</c> (<c>Connectors.Custom.rerank.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomReranker(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterReranker(services, RegistrationOptions.ForPreset<CustomRerankerOptions>(provider, modelId, apiKey), serviceId, httpClient);
}
