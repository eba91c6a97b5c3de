using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <content>Audio registrations: <c>AddCustomAudioToText</c> registers <see cref="CustomSpeechToTextClient"/> as
/// <see cref="Microsoft.Extensions.AI.ISpeechToTextClient"/> and <see cref="CustomAudioToTextService"/> as SK's
/// <c>IAudioToTextService</c>; <c>AddCustomTextToAudio</c> registers <see cref="CustomTextToSpeechClient"/> as
/// <see cref="Microsoft.Extensions.AI.ITextToSpeechClient"/> and <see cref="CustomTextToAudioService"/> as SK's
/// <c>ITextToAudioService</c>. Both keyed by <c>serviceId</c>.</content>
public static partial class CustomServiceCollectionExtensions
{
    /// <summary>Adds a transcription service (SK <c>IAudioToTextService</c> and M.E.AI <c>ISpeechToTextClient</c>) for an OpenAI-compatible <c>audio/transcriptions</c> endpoint.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model id, for example <c>whisper-large-v3-turbo</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomAudioToText(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterAudioToText(services, RegistrationOptions.ForEndpoint<CustomAudioToTextOptions>(modelId, endpoint, apiKey), serviceId, httpClient);

    /// <summary>Adds a transcription service with every setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomAudioToText(this IServiceCollection services, CustomAudioToTextOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterAudioToText(services, options, serviceId, httpClient);

    /// <summary>Adds a transcription service configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomAudioToText(this IServiceCollection services, Action<CustomAudioToTextOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterAudioToText(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds a transcription service configured from a configuration section (option names as keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomAudioToText(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterAudioToText(services, CustomOptionsReader.Bind(configuration, new CustomAudioToTextOptions()), serviceId, httpClient);

    /// <summary>Adds a transcription service for a named provider preset.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomAudioToText(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterAudioToText(services, RegistrationOptions.ForPreset<CustomAudioToTextOptions>(provider, modelId, apiKey), serviceId, httpClient);

    /// <summary>Adds a speech service (SK <c>ITextToAudioService</c> and M.E.AI <c>ITextToSpeechClient</c>) for an OpenAI-compatible <c>audio/speech</c> endpoint.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model id, for example <c>kokoro</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomTextToAudio(this IServiceCollection services, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToAudio(services, RegistrationOptions.ForEndpoint<CustomTextToAudioOptions>(modelId, endpoint, apiKey), serviceId, httpClient);

    /// <summary>Adds a speech service with every setting given as options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToAudio(this IServiceCollection services, CustomTextToAudioOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToAudio(services, options, serviceId, httpClient);

    /// <summary>Adds a speech service configured by a callback.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToAudio(this IServiceCollection services, Action<CustomTextToAudioOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToAudio(services, RegistrationOptions.Configured(configure), serviceId, httpClient);

    /// <summary>Adds a speech service configured from a configuration section (option names as keys).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddCustomTextToAudio(this IServiceCollection services, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToAudio(services, CustomOptionsReader.Bind(configuration, new CustomTextToAudioOptions()), serviceId, httpClient);

    /// <summary>Adds a speech service for a named provider preset.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IServiceCollection AddCustomTextToAudio(this IServiceCollection services, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => CustomServiceRegistration.RegisterTextToAudio(services, RegistrationOptions.ForPreset<CustomTextToAudioOptions>(provider, modelId, apiKey), serviceId, httpClient);
}
