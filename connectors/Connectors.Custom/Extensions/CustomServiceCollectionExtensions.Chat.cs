using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Registers the OpenAI-compatible chat connector on an <see cref="IServiceCollection"/>.</summary>
/// <remarks>Each method registers, keyed by <c>serviceId</c> (unkeyed when null), one
/// <see cref="CustomChatCompletionService"/> as <see cref="ChatCompletion.IChatCompletionService"/> and its chat
/// pipeline as <see cref="Microsoft.Extensions.AI.IChatClient"/>. Settings are validated when the method is called.</remarks>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds chat completion for an OpenAI-compatible endpoint.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model id, for example <c>deepseek-chat</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>https://api.deepseek.com/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomChatCompletion(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, RegistrationOptions.ForEndpoint<CustomChatCompletionOptions>(modelId, endpoint, apiKey), serviceId, httpClient);

    /// <summary>Adds chat completion with every connector setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomChatCompletion(this IServiceCollection services, CustomChatCompletionOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, options, serviceId, httpClient);

    /// <summary>Adds chat completion configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, for example an <see cref="Connectors.Custom.CustomEndpointOptions.ApiKeyProvider"/> for rotating tokens.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomChatCompletion(this IServiceCollection services, Action<CustomChatCompletionOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds chat completion configured from a configuration section, such as <c>configuration.GetSection("CustomChat")</c>
    /// holding <c>Endpoint</c>, <c>ModelId</c>, <c>ApiKey</c>, <c>Headers</c> and the other option names.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomChatCompletion(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, CustomOptionsReader.Bind(configuration, new CustomChatCompletionOptions()), serviceId, httpClient);

    /// <summary>Adds chat completion configured from the environment: <c>CUSTOM_BASE_URL</c>, <c>CUSTOM_MODEL</c> and,
    /// optionally, <c>CUSTOM_API_KEY</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="InvalidOperationException">A required variable is missing; the message names it.</exception>
    public static IServiceCollection AddCustomChatCompletionFromEnvironment(this IServiceCollection services, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, CustomOptionsReader.FromEnvironment(new CustomChatCompletionOptions()), serviceId, httpClient);

    /// <summary>Adds chat completion for a named provider preset, for example
    /// <c>services.AddCustomChatCompletion(CustomProviders.DeepSeek, "deepseek-chat")</c>: its address, key header and
    /// quirk profile are applied, and the key is read from the provider's usual environment variable
    /// (<c>DEEPSEEK_API_KEY</c>) when none is given.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the services under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.chat</c> (<c>Connectors.Custom.chat.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid (a preset without a default address, such
    /// as Azure OpenAI, needs the options overload with <c>Endpoint</c> set).</exception>
    public static IServiceCollection AddCustomChatCompletion(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterChat(services, RegistrationOptions.ForPreset<CustomChatCompletionOptions>(provider, modelId, apiKey), serviceId, httpClient);
}
