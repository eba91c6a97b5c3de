using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
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

        // IChatCompletionService and IChatClient resolve to the same pipeline.
        services.AddKeyedSingleton<CustomChatCompletionService>(serviceId, (provider, _) =>
        {
            var pipeline = ChatClientPipeline.Create(snapshot, httpClient ?? provider.GetService<HttpClient>(), provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>());
            return new CustomChatCompletionService(pipeline, snapshot.ModelId!, snapshot.Endpoint!);
        });
        services.AddKeyedSingleton<IChatCompletionService>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key));
        services.AddKeyedSingleton<IChatClient>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key).ChatClient);
        return services;
    }

    public static IServiceCollection RegisterEmbeddingGenerator(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = Validated(services, options).Clone();
        services.AddKeyedSingleton<CustomEmbeddingGenerator>(serviceId, (provider, _) => CreateGenerator(provider, snapshot, httpClient));
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomEmbeddingGenerator>(key));
        services.AddKeyedSingleton<IEmbeddingGenerator>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomEmbeddingGenerator>(key));
        return services;
    }

#pragma warning disable CS0618 // SK's older embedding interface is obsolete but still what SemanticTextMemory resolves.
    public static IServiceCollection RegisterTextEmbeddingGeneration(IServiceCollection services, CustomEmbeddingOptions options, string? serviceId, HttpClient? httpClient)
    {
        var snapshot = Validated(services, options).Clone();
        services.AddKeyedSingleton<ITextEmbeddingGenerationService>(serviceId, (provider, _) =>
            new CustomTextEmbeddingGenerationService(CreateGenerator(provider, snapshot, httpClient)));
        return services;
    }
#pragma warning restore CS0618

    /// <summary>The container's HttpClient and TimeProvider are used when registered (tests register a fake clock).</summary>
    private static CustomEmbeddingGenerator CreateGenerator(IServiceProvider provider, CustomEmbeddingOptions options, HttpClient? httpClient) =>
        new(options, httpClient ?? provider.GetService<HttpClient>(), provider.GetService<TimeProvider>());

    private static T Validated<T>(IServiceCollection services, T options)
        where T : CustomEndpointOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
