using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <content>Embedding registrations: <c>AddCustomEmbeddingGenerator</c> registers an
/// <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator{TInput, TEmbedding}"/> (<see cref="CustomEmbeddingGenerator"/>);
/// <c>AddCustomTextEmbeddingGeneration</c> registers SK's older <c>ITextEmbeddingGenerationService</c>
/// (<see cref="CustomTextEmbeddingGenerationService"/>) for <c>SemanticTextMemory</c>.</content>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds an embedding generator for an OpenAI-compatible <c>embeddings</c> endpoint.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The embedding model id, for example <c>nomic-embed-text</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:11434/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="dimensions">The vector size to ask for, for models that can shorten vectors; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomEmbeddingGenerator(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, WithDimensions(RegistrationOptions.ForEndpoint<CustomEmbeddingOptions>(modelId, endpoint, apiKey), dimensions), serviceId, httpClient);

    /// <summary>Adds an embedding generator with every setting (batching, parallelism, encoding, headers) given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomEmbeddingGenerator(this IServiceCollection services, CustomEmbeddingOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, options, serviceId, httpClient);

    /// <summary>Adds an embedding generator configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomEmbeddingGenerator(this IServiceCollection services, Action<CustomEmbeddingOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds an embedding generator configured from a configuration section (option names as keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomEmbeddingGenerator(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, CustomOptionsReader.Bind(configuration, new CustomEmbeddingOptions()), serviceId, httpClient);

    /// <summary>Adds an embedding generator configured from <c>CUSTOM_BASE_URL</c>, <c>CUSTOM_EMBEDDING_MODEL</c> and,
    /// optionally, <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IServiceCollection AddCustomEmbeddingGeneratorFromEnvironment(this IServiceCollection services, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, EnvironmentOptions(), serviceId, httpClient);

    /// <summary>Adds Semantic Kernel's older <c>ITextEmbeddingGenerationService</c> for an OpenAI-compatible
    /// <c>embeddings</c> endpoint (what <c>SemanticTextMemory</c> and <c>MemoryBuilder</c> use).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The embedding model id.</param>
    /// <param name="endpoint">The API base address including its version segment.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="dimensions">The vector size to ask for; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomTextEmbeddingGeneration(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextEmbeddingGeneration(services, WithDimensions(RegistrationOptions.ForEndpoint<CustomEmbeddingOptions>(modelId, endpoint, apiKey), dimensions), serviceId, httpClient);

    /// <summary>Adds the older text embedding service with every setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextEmbeddingGeneration(this IServiceCollection services, CustomEmbeddingOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextEmbeddingGeneration(services, options, serviceId, httpClient);

    /// <summary>Adds the older text embedding service configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextEmbeddingGeneration(this IServiceCollection services, Action<CustomEmbeddingOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextEmbeddingGeneration(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds the older text embedding service configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextEmbeddingGeneration(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextEmbeddingGeneration(services, CustomOptionsReader.Bind(configuration, new CustomEmbeddingOptions()), serviceId, httpClient);

    /// <summary>Adds the older text embedding service configured from <c>CUSTOM_BASE_URL</c>,
    /// <c>CUSTOM_EMBEDDING_MODEL</c> and, optionally, <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IServiceCollection AddCustomTextEmbeddingGenerationFromEnvironment(this IServiceCollection services, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextEmbeddingGeneration(services, EnvironmentOptions(), serviceId, httpClient);

    /// <summary>Adds an embedding generator for a named provider preset, for example
    /// <c>services.AddCustomEmbeddingGenerator(CustomProviders.Mistral, "mistral-embed")</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The embedding model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="dimensions">The vector size to ask for; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomEmbeddingGenerator(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterEmbeddingGenerator(services, WithDimensions(RegistrationOptions.ForPreset<CustomEmbeddingOptions>(provider, modelId, apiKey), dimensions), serviceId, httpClient);

    private static CustomEmbeddingOptions WithDimensions(CustomEmbeddingOptions options, int? dimensions)
    {
        options.Dimensions = dimensions;
        return options;
    }

    private static CustomEmbeddingOptions EnvironmentOptions() =>
        CustomOptionsReader.FromEnvironment(new CustomEmbeddingOptions(), modelVariable: CustomOptionsReader.EmbeddingModelVariable);
}
