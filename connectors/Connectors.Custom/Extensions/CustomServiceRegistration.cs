using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.AudioToText;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Embeddings;
using Microsoft.SemanticKernel.TextToAudio;
using Microsoft.SemanticKernel.TextToImage;

namespace Microsoft.SemanticKernel;

/// <summary>The single implementation behind every registration method: each applies the provider preset to a copy of
/// its settings and validates it when called (so a bad setting fails at startup, named), and registers one instance per
/// service id.</summary>
/// <remarks>HTTP: the client passed to the method, else the application's <see cref="System.Net.Http.IHttpClientFactory"/>
/// client named <c>Connectors.Custom.chat</c> / <c>Connectors.Custom.embeddings</c> / <c>Connectors.Custom.models</c> (with <c>.{serviceId}</c> when
/// keyed), else an <see cref="HttpClient"/> registered in the container, else the connector's shared client.</remarks>
internal static class CustomServiceRegistration
{
    public static IServiceCollection RegisterChat(IServiceCollection services, CustomChatCompletionOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.ChatName, serviceId);

        // IChatCompletionService and IChatClient resolve to the same pipeline.
        services.AddKeyedSingleton<CustomChatCompletionService>(serviceId, (provider, _) =>
        {
            var loggerFactory = provider.GetService<ILoggerFactory>();
            var pipeline = ChatClientPipeline.Create(
                snapshot,
                ConnectorHttpClients.Resolve(provider, httpClient, clientName),
                loggerFactory,
                provider.GetService<TimeProvider>(),
                provider.GetRequiredService<ICustomUsageTracker>(),
                serviceId,
                provider.GetService<IFleetCoordinator>());
            return new CustomChatCompletionService(pipeline, snapshot.ModelId!, snapshot.Endpoint!);
        });
        services.AddKeyedSingleton<IChatCompletionService>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key));
        services.AddKeyedSingleton<IChatClient>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key).ChatClient);
        return services;
    }

    public static IServiceCollection RegisterEmbeddingGenerator(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.EmbeddingsName, serviceId);
        services.AddKeyedSingleton<CustomEmbeddingGenerator>(serviceId, (provider, _) => CreateGenerator(provider, snapshot, httpClient, clientName, serviceId));

        // The registered generator carries M.E.AI's OpenTelemetry layer (embeddings spans and metrics) unless opted out.
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(serviceId, (provider, key) =>
        {
            var generator = provider.GetRequiredKeyedService<CustomEmbeddingGenerator>(key);
            var traced = snapshot.EnableTelemetry
                ? generator.AsBuilder().UseOpenTelemetry(provider.GetService<ILoggerFactory>(), CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider)
                : generator;

            // Fleet mode's embeddings cache, when turned on, answers before anything is traced or sent.
            return provider.GetService<IFleetCoordinator>()?.CacheEmbeddings(traced, snapshot.ModelId!, snapshot.Dimensions) ?? traced;
        });
        services.AddKeyedSingleton<IEmbeddingGenerator>(serviceId, (provider, key) => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(key));
        return services;
    }

    public static IServiceCollection RegisterTextToImage(IServiceCollection services, CustomImageOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.ImagesName, serviceId);
        services.AddKeyedSingleton<CustomImageGenerator>(serviceId, (provider, _) => new CustomImageGenerator(
            snapshot,
            ConnectorHttpClients.Resolve(provider, httpClient, clientName),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetRequiredService<ICustomUsageTracker>(),
            serviceId,
            provider.GetService<IFleetCoordinator>()));

        // As for embeddings: M.E.AI's OpenTelemetry layer gives the GenAI span and metrics unless opted out; SK's
        // service and the generator share one instance underneath.
        services.AddKeyedSingleton<IImageGenerator>(serviceId, (provider, key) =>
        {
            var generator = provider.GetRequiredKeyedService<CustomImageGenerator>(key);
            return snapshot.EnableTelemetry
                ? generator.AsBuilder().UseOpenTelemetry(provider.GetService<ILoggerFactory>(), CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider)
                : generator;
        });
        services.AddKeyedSingleton<ITextToImageService>(serviceId, (provider, key) => new CustomTextToImageService(provider.GetRequiredKeyedService<CustomImageGenerator>(key)));
        return services;
    }

    public static IServiceCollection RegisterReranker(IServiceCollection services, CustomRerankerOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.RerankName, serviceId);
        services.AddKeyedSingleton<CustomReranker>(serviceId, (provider, _) => new CustomReranker(
            snapshot,
            ConnectorHttpClients.Resolve(provider, httpClient, clientName),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetRequiredService<ICustomUsageTracker>(),
            serviceId,
            provider.GetService<IFleetCoordinator>()));
        services.AddKeyedSingleton<IReranker>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomReranker>(key));
        return services;
    }

#pragma warning disable CS0618 // SK's older embedding interface is obsolete but still what SemanticTextMemory resolves.
    public static IServiceCollection RegisterTextEmbeddingGeneration(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.EmbeddingsName, serviceId);
        services.AddKeyedSingleton<ITextEmbeddingGenerationService>(serviceId, (provider, _) =>
        {
            var generator = CreateGenerator(provider, snapshot, httpClient, clientName, serviceId);
            return new CustomTextEmbeddingGenerationService(generator, provider.GetService<IFleetCoordinator>()?.CacheEmbeddings(generator, snapshot.ModelId!, snapshot.Dimensions) ?? generator);
        });
        return services;
    }
#pragma warning restore CS0618

    public static IServiceCollection RegisterModelCatalog(IServiceCollection services, CustomModelCatalogOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        var clientName = AddNamedClient(services, ConnectorHttpClients.ModelsName, serviceId);
        services.AddKeyedSingleton(serviceId, (provider, _) => new CustomModelCatalog(
            snapshot,
            ConnectorHttpClients.Resolve(provider, httpClient, clientName),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            serviceId));
        return services;
    }

    public static IServiceCollection RegisterAudioToText(IServiceCollection services, CustomAudioToTextOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.AudioName, serviceId);
        services.AddKeyedSingleton<CustomSpeechToTextClient>(serviceId, (provider, _) => new CustomSpeechToTextClient(
            snapshot, ConnectorHttpClients.Resolve(provider, httpClient, clientName), provider.GetService<TimeProvider>(), provider.GetService<ILoggerFactory>(), provider.GetRequiredService<ICustomUsageTracker>(), serviceId, provider.GetService<IFleetCoordinator>()));

        // The registered client carries M.E.AI's OpenTelemetry layer unless opted out; SK's service uses the bare client.
        services.AddKeyedSingleton<ISpeechToTextClient>(serviceId, (provider, key) =>
        {
            var client = provider.GetRequiredKeyedService<CustomSpeechToTextClient>(key);
            return snapshot.EnableTelemetry
                ? client.AsBuilder().UseOpenTelemetry(provider.GetService<ILoggerFactory>(), CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider)
                : client;
        });
        services.AddKeyedSingleton<IAudioToTextService>(serviceId, (provider, key) => new CustomAudioToTextService(provider.GetRequiredKeyedService<CustomSpeechToTextClient>(key)));
        return services;
    }

    public static IServiceCollection RegisterTextToAudio(IServiceCollection services, CustomTextToAudioOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, ConnectorHttpClients.AudioName, serviceId);
        services.AddKeyedSingleton<CustomTextToSpeechClient>(serviceId, (provider, _) => new CustomTextToSpeechClient(
            snapshot, ConnectorHttpClients.Resolve(provider, httpClient, clientName), provider.GetService<TimeProvider>(), provider.GetService<ILoggerFactory>(), provider.GetRequiredService<ICustomUsageTracker>(), serviceId, provider.GetService<IFleetCoordinator>()));
        services.AddKeyedSingleton<ITextToSpeechClient>(serviceId, (provider, key) =>
        {
            var client = provider.GetRequiredKeyedService<CustomTextToSpeechClient>(key);
            return snapshot.EnableTelemetry
                ? client.AsBuilder().UseOpenTelemetry(provider.GetService<ILoggerFactory>(), CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider)
                : client;
        });
        services.AddKeyedSingleton<ITextToAudioService>(serviceId, (provider, key) => new CustomTextToAudioService(provider.GetRequiredKeyedService<CustomTextToSpeechClient>(key)));
        return services;
    }

    /// <summary>The container's TimeProvider is used when registered (tests register a fake clock), and its fleet
    /// coordinator when a companion package registered one (Connectors.Custom.Redis).</summary>
    private static CustomEmbeddingGenerator CreateGenerator(IServiceProvider provider, CustomEmbeddingOptions options, HttpClient? httpClient, string clientName, string? serviceId)
    {
        var loggerFactory = provider.GetService<ILoggerFactory>();
        return new(options, ConnectorHttpClients.Resolve(provider, httpClient, clientName), provider.GetService<TimeProvider>(), loggerFactory, provider.GetRequiredService<ICustomUsageTracker>(), serviceId, provider.GetService<IFleetCoordinator>());
    }

    private static string AddNamedClient(IServiceCollection services, string baseName, string? serviceId)
    {
        var name = ConnectorHttpClients.NameFor(baseName, serviceId);
        ConnectorHttpClients.ConfigureNamedClient(services, name);
        return name;
    }

    /// <summary>One usage tracker per container (replaceable by registering another <see cref="ICustomUsageTracker"/>
    /// first), and the filter that attributes usage to kernel functions.</summary>
    private static void AddUsageTracking(IServiceCollection services)
    {
        services.TryAddSingleton<CustomUsageTracker>();
        services.TryAddSingleton<ICustomUsageTracker>(provider => provider.GetRequiredService<CustomUsageTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionInvocationFilter, UsageAttributionFilter>());
    }

    private static T NotNull<T>(IServiceCollection services, T options)
        where T : CustomEndpointOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }
}
