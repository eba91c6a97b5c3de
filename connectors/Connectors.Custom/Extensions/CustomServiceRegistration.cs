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

        // IChatCompletionService and IChatClient resolve to the same pipeline.
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.ChatName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomChatCompletionService(ChatClientPipeline.Create(o, http, loggers, time, usage, id, fleet), o.ModelId!, o.Endpoint!));
        AddView<IChatCompletionService, CustomChatCompletionService>(services, serviceId, service => service);
        AddView<IChatClient, CustomChatCompletionService>(services, serviceId, service => service.ChatClient);
        return services;
    }

    public static IServiceCollection RegisterEmbeddingGenerator(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.EmbeddingsName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomEmbeddingGenerator(o, http, time, loggers, usage, id, fleet));

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
        AddView<IEmbeddingGenerator, IEmbeddingGenerator<string, Embedding<float>>>(services, serviceId, generator => generator);
        return services;
    }

    public static IServiceCollection RegisterTextToImage(IServiceCollection services, CustomImageOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.ImagesName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomImageGenerator(o, http, time, loggers, usage, id, fleet));

        // As for embeddings: M.E.AI's OpenTelemetry layer gives the GenAI span and metrics; SK's service and the
        // generator share one instance underneath.
        AddTraced<IImageGenerator, CustomImageGenerator>(services, serviceId, snapshot, (client, loggers, provider) =>
            client.AsBuilder().UseOpenTelemetry(loggers, CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider));
        AddView<ITextToImageService, CustomImageGenerator>(services, serviceId, generator => new CustomTextToImageService(generator));
        return services;
    }

    public static IServiceCollection RegisterReranker(IServiceCollection services, CustomRerankerOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.RerankName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomReranker(o, http, time, loggers, usage, id, fleet));
        AddView<IReranker, CustomReranker>(services, serviceId, reranker => reranker);
        return services;
    }

#pragma warning disable CS0618 // SK's older embedding interface is obsolete but still what SemanticTextMemory resolves.
    public static IServiceCollection RegisterTextEmbeddingGeneration(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddClient<CustomEmbeddingOptions, ITextEmbeddingGenerationService>(services, snapshot, serviceId, httpClient, ConnectorHttpClients.EmbeddingsName, (o, http, time, loggers, usage, id, fleet) =>
        {
            var generator = new CustomEmbeddingGenerator(o, http, time, loggers, usage, id, fleet);
            return new CustomTextEmbeddingGenerationService(generator, fleet?.CacheEmbeddings(generator, o.ModelId!, o.Dimensions) ?? generator);
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
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.AudioName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomSpeechToTextClient(o, http, time, loggers, usage, id, fleet));

        // The registered client carries M.E.AI's OpenTelemetry layer; SK's service uses the bare client.
        AddTraced<ISpeechToTextClient, CustomSpeechToTextClient>(services, serviceId, snapshot, (client, loggers, provider) =>
            client.AsBuilder().UseOpenTelemetry(loggers, CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider));
        AddView<IAudioToTextService, CustomSpeechToTextClient>(services, serviceId, client => new CustomAudioToTextService(client));
        return services;
    }

    public static IServiceCollection RegisterTextToAudio(IServiceCollection services, CustomTextToAudioOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = NotNull(services, options).Resolve();
        AddClient(services, snapshot, serviceId, httpClient, ConnectorHttpClients.AudioName, (o, http, time, loggers, usage, id, fleet) =>
            new CustomTextToSpeechClient(o, http, time, loggers, usage, id, fleet));
        AddTraced<ITextToSpeechClient, CustomTextToSpeechClient>(services, serviceId, snapshot, (client, loggers, provider) =>
            client.AsBuilder().UseOpenTelemetry(loggers, CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider));
        AddView<ITextToAudioService, CustomTextToSpeechClient>(services, serviceId, client => new CustomTextToAudioService(client));
        return services;
    }

    /// <summary>Registers, keyed by <paramref name="serviceId"/>, the one connector instance a family's interfaces
    /// share, with usage tracking and the named HTTP client. The container's <see cref="TimeProvider"/> is used when
    /// registered (tests register a fake clock), and its fleet coordinator when a companion package registered one
    /// (Connectors.Custom.Redis).</summary>
    private static void AddClient<TOptions, TClient>(IServiceCollection services, TOptions snapshot, string? serviceId, HttpClient? httpClient, string clientBaseName, ClientFactory<TOptions, TClient> create)
        where TOptions : CustomEndpointOptions
        where TClient : class
    {
        AddUsageTracking(services);
        var clientName = AddNamedClient(services, clientBaseName, serviceId);
        services.AddKeyedSingleton<TClient>(serviceId, (provider, _) => create(
            snapshot,
            ConnectorHttpClients.Resolve(provider, httpClient, clientName),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetRequiredService<ICustomUsageTracker>(),
            serviceId,
            provider.GetService<IFleetCoordinator>()));
    }

    /// <summary>Registers <typeparamref name="TService"/> as the client wrapped in M.E.AI's OpenTelemetry layer (GenAI
    /// spans and metrics), or as the bare client when the settings opt out of telemetry.</summary>
    private static void AddTraced<TService, TClient>(IServiceCollection services, string? serviceId, CustomEndpointOptions snapshot, Func<TClient, ILoggerFactory?, IServiceProvider, TService> withTelemetry)
        where TService : class
        where TClient : class, TService
    {
        services.AddKeyedSingleton<TService>(serviceId, (provider, key) =>
        {
            var client = provider.GetRequiredKeyedService<TClient>(key);
            return snapshot.EnableTelemetry ? withTelemetry(client, provider.GetService<ILoggerFactory>(), provider) : client;
        });
    }

    /// <summary>Registers <typeparamref name="TService"/> as a view of (or an adapter over) the instance registered
    /// under the same key, so every interface of a family shares one client.</summary>
    private static void AddView<TService, TSource>(IServiceCollection services, string? serviceId, Func<TSource, TService> view)
        where TService : class
        where TSource : notnull
        => services.AddKeyedSingleton<TService>(serviceId, (provider, key) => view(provider.GetRequiredKeyedService<TSource>(key)));

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

    /// <summary>Builds a family's connector instance from the resolved settings and what the container supplies.</summary>
    private delegate TClient ClientFactory<in TOptions, out TClient>(TOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker usageTracker, string? serviceId, IFleetCoordinator? fleet);
}
