using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Embeddings;

namespace Microsoft.SemanticKernel;

/// <summary>The single implementation behind every registration method: each validates its settings when called
/// (so a bad setting fails at startup, named), and registers one instance per service id.</summary>
internal static class CustomServiceRegistration
{
    public static IServiceCollection RegisterChat(IServiceCollection services, CustomChatCompletionOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = Validated(services, options).Clone();
        AddUsageTracking(services);

        // IChatCompletionService and IChatClient resolve to the same pipeline.
        services.AddKeyedSingleton<CustomChatCompletionService>(serviceId, (provider, _) =>
        {
            var pipeline = ChatClientPipeline.Create(
                snapshot,
                httpClient ?? provider.GetService<HttpClient>(),
                provider.GetService<ILoggerFactory>(),
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
        var snapshot = Validated(services, options).Clone();
        AddUsageTracking(services);
        services.AddKeyedSingleton<CustomEmbeddingGenerator>(serviceId, (provider, _) => CreateGenerator(provider, snapshot, httpClient, serviceId));

        // The registered generator carries M.E.AI's OpenTelemetry layer (embeddings spans and metrics) unless opted out.
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(serviceId, (provider, key) =>
        {
            var generator = provider.GetRequiredKeyedService<CustomEmbeddingGenerator>(key);
            return snapshot.EnableTelemetry
                ? generator.AsBuilder().UseOpenTelemetry(provider.GetService<ILoggerFactory>(), CustomTelemetry.SourceName, t => t.EnableSensitiveData = snapshot.LogSensitiveContent).Build(provider)
                : generator;
        });
        services.AddKeyedSingleton<IEmbeddingGenerator>(serviceId, (provider, key) => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(key));
        return services;
    }

#pragma warning disable CS0618 // SK's older embedding interface is obsolete but still what SemanticTextMemory resolves.
    public static IServiceCollection RegisterTextEmbeddingGeneration(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = Validated(services, options).Clone();
        AddUsageTracking(services);
        services.AddKeyedSingleton<ITextEmbeddingGenerationService>(serviceId, (provider, _) =>
            new CustomTextEmbeddingGenerationService(CreateGenerator(provider, snapshot, httpClient, serviceId)));
        return services;
    }
#pragma warning restore CS0618

    /// <summary>The container's HttpClient and TimeProvider are used when registered (tests register a fake clock), and
    /// its fleet coordinator when a companion package registered one (Connectors.Custom.Redis).</summary>
    private static CustomEmbeddingGenerator CreateGenerator(IServiceProvider provider, CustomEmbeddingOptions options, HttpClient? httpClient, string? serviceId) =>
        new(options, httpClient ?? provider.GetService<HttpClient>(), provider.GetService<TimeProvider>(), provider.GetService<ILoggerFactory>(), provider.GetRequiredService<ICustomUsageTracker>(), serviceId, provider.GetService<IFleetCoordinator>());

    /// <summary>One usage tracker per container (replaceable by registering another <see cref="ICustomUsageTracker"/>
    /// first), and the filter that attributes usage to kernel functions.</summary>
    private static void AddUsageTracking(IServiceCollection services)
    {
        services.TryAddSingleton<CustomUsageTracker>();
        services.TryAddSingleton<ICustomUsageTracker>(provider => provider.GetRequiredService<CustomUsageTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionInvocationFilter, UsageAttributionFilter>());
    }

    private static T Validated<T>(IServiceCollection services, T options)
        where T : CustomEndpointOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
