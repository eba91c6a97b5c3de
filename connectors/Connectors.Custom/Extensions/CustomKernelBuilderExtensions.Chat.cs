using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Registers the OpenAI-compatible chat connector on an <see cref="IKernelBuilder"/>.</summary>
/// <remarks>Each method forwards to <see cref="CustomServiceCollectionExtensions"/>; see there for what is registered.</remarks>
public static partial class CustomKernelBuilderExtensions
{
    /// <summary>Adds chat completion for an OpenAI-compatible endpoint.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model id, for example <c>deepseek-chat</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>https://api.deepseek.com/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomChatCompletion(this IKernelBuilder builder, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletion(modelId, endpoint, apiKey, serviceId, httpClient));

    /// <summary>Adds chat completion with every connector setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomChatCompletion(this IKernelBuilder builder, CustomChatCompletionOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletion(options, serviceId, httpClient));

    /// <summary>Adds chat completion configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomChatCompletion(this IKernelBuilder builder, Action<CustomChatCompletionOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletion(configure, serviceId, httpClient));

    /// <summary>Adds chat completion configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section to bind (option names as keys).</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomChatCompletion(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletion(configuration, serviceId, httpClient));

    /// <summary>Adds chat completion configured from <c>CUSTOM_BASE_URL</c>, <c>CUSTOM_MODEL</c> and <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IKernelBuilder AddCustomChatCompletionFromEnvironment(this IKernelBuilder builder, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletionFromEnvironment(serviceId, httpClient));

    /// <summary>Adds chat completion for a named provider preset, for example
    /// <c>builder.AddCustomChatCompletion(CustomProviders.DeepSeek, "deepseek-chat")</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomChatCompletion(this IKernelBuilder builder, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomChatCompletion(provider, modelId, apiKey, serviceId, httpClient));

    private static IKernelBuilder Forward(IKernelBuilder builder, Action<IServiceCollection> register)
    {
        ArgumentNullException.ThrowIfNull(builder);
        register(builder.Services);
        return builder;
    }
}
