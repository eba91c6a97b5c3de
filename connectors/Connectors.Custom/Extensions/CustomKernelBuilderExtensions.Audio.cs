using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.Configuration;

namespace Microsoft.SemanticKernel;

/// <content>Audio registrations; each forwards to the <see cref="CustomServiceCollectionExtensions"/> method of the same name.</content>
public static partial class CustomKernelBuilderExtensions
{
    /// <summary>Adds a transcription service (SK <c>IAudioToTextService</c> and M.E.AI <c>ISpeechToTextClient</c>) for an OpenAI-compatible <c>audio/transcriptions</c> endpoint.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model id, for example <c>whisper-large-v3-turbo</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomAudioToText(this IKernelBuilder builder, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomAudioToText(modelId, endpoint, apiKey, serviceId, httpClient));

    /// <summary>Adds a transcription service with every setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomAudioToText(this IKernelBuilder builder, CustomAudioToTextOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomAudioToText(options, serviceId, httpClient));

    /// <summary>Adds a transcription service configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomAudioToText(this IKernelBuilder builder, Action<CustomAudioToTextOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomAudioToText(configure, serviceId, httpClient));

    /// <summary>Adds a transcription service configured from a configuration section (option names as keys).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomAudioToText(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomAudioToText(configuration, serviceId, httpClient));

    /// <summary>Adds a transcription service for a named provider preset.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomAudioToText(this IKernelBuilder builder, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomAudioToText(provider, modelId, apiKey, serviceId, httpClient));

    /// <summary>Adds a speech service (SK <c>ITextToAudioService</c> and M.E.AI <c>ITextToSpeechClient</c>) for an OpenAI-compatible <c>audio/speech</c> endpoint.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model id, for example <c>kokoro</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:8000/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomTextToAudio(this IKernelBuilder builder, string modelId, Uri endpoint, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextToAudio(modelId, endpoint, apiKey, serviceId, httpClient));

    /// <summary>Adds a speech service with every setting given as options.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The settings; a copy is taken and validated now.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextToAudio(this IKernelBuilder builder, CustomTextToAudioOptions options, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextToAudio(options, serviceId, httpClient));

    /// <summary>Adds a speech service configured by a callback.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextToAudio(this IKernelBuilder builder, Action<CustomTextToAudioOptions> configure, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextToAudio(configure, serviceId, httpClient));

    /// <summary>Adds a speech service configured from a configuration section (option names as keys).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">A value is missing or invalid; the message names it.</exception>
    public static IKernelBuilder AddCustomTextToAudio(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextToAudio(configuration, serviceId, httpClient));

    /// <summary>Adds a speech service for a named provider preset.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="provider">The preset, from <see cref="CustomProviders"/>.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="apiKey">The API key; null reads the provider's environment variable.</param>
    /// <param name="serviceId">The key to register the service under, or null.</param>
    /// <param name="httpClient">The client to send requests with, used as it is (its timeout is not changed); null uses the application's <c>IHttpClientFactory</c> client named <c>Connectors.Custom.audio</c> (<c>Connectors.Custom.audio.{serviceId}</c> when keyed) if a factory is registered, else an <c>HttpClient</c> from the container, else a shared one.</param>
    /// <returns>The same kernel builder.</returns>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public static IKernelBuilder AddCustomTextToAudio(this IKernelBuilder builder, CustomProvider provider, string modelId, string? apiKey = null, string? serviceId = null, HttpClient? httpClient = null)
        => Forward(builder, services => services.AddCustomTextToAudio(provider, modelId, apiKey, serviceId, httpClient));
}
