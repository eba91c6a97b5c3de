using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;

namespace Microsoft.SemanticKernel;

/// <content>Embedding registrations; each forwards to the <see cref="CustomServiceCollectionExtensions"/> method of the same name.</content>
public static partial class CustomKernelBuilderExtensions
{
    /// <summary>Adds an embedding generator for an OpenAI-compatible <c>embeddings</c> endpoint.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The embedding model id, for example <c>nomic-embed-text</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:11434/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="dimensions">The vector size to ask for, for models that can shorten vectors; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomEmbeddingGenerator(this IKernelBuilder builder, string modelId, Uri endpoint, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGenerator(modelId, endpoint, apiKey, dimensions, serviceId, httpClient));

    /// <summary>Adds an embedding generator with every setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomEmbeddingGenerator(this IKernelBuilder builder, CustomEmbeddingOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGenerator(options, serviceId, httpClient));

    /// <summary>Adds an embedding generator configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomEmbeddingGenerator(this IKernelBuilder builder, Action<CustomEmbeddingOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGenerator(configure, serviceId, httpClient));

    /// <summary>Adds an embedding generator configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomEmbeddingGenerator(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGenerator(configuration, serviceId, httpClient));

    /// <summary>Adds an embedding generator configured from <c>CUSTOM_BASE_URL</c>, <c>CUSTOM_EMBEDDING_MODEL</c> and <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IKernelBuilder AddCustomEmbeddingGeneratorFromEnvironment(this IKernelBuilder builder, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGeneratorFromEnvironment(serviceId, httpClient));

    /// <summary>Adds Semantic Kernel's older <c>ITextEmbeddingGenerationService</c> for an OpenAI-compatible endpoint.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The embedding model id.</param>
    /// <param name="endpoint">The API base address including its version segment.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="dimensions">The vector size to ask for; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomTextEmbeddingGeneration(this IKernelBuilder builder, string modelId, Uri endpoint, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextEmbeddingGeneration(modelId, endpoint, apiKey, dimensions, serviceId, httpClient));

    /// <summary>Adds the older text embedding service with every setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextEmbeddingGeneration(this IKernelBuilder builder, CustomEmbeddingOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextEmbeddingGeneration(options, serviceId, httpClient));

    /// <summary>Adds the older text embedding service configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextEmbeddingGeneration(this IKernelBuilder builder, Action<CustomEmbeddingOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextEmbeddingGeneration(configure, serviceId, httpClient));

    /// <summary>Adds the older text embedding service configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextEmbeddingGeneration(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextEmbeddingGeneration(configuration, serviceId, httpClient));

    /// <summary>Adds the older text embedding service configured from <c>CUSTOM_BASE_URL</c>, <c>CUSTOM_EMBEDDING_MODEL</c> and <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IKernelBuilder AddCustomTextEmbeddingGenerationFromEnvironment(this IKernelBuilder builder, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextEmbeddingGenerationFromEnvironment(serviceId, httpClient));

    /// <summary>Adds an embedding generator for a named provider preset.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The embedding model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="dimensions">The vector size to ask for; null sends nothing.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.embeddings</c> (<c>Connectors.Custom.embeddings.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomEmbeddingGenerator(this IKernelBuilder builder, CustomProvider provider, string modelId, string? apiKey = null, int? dimensions = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomEmbeddingGenerator(provider, modelId, apiKey, dimensions, serviceId, httpClient));
}
