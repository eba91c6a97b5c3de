using System;
using System.Net.Http;
using Connectors.Custom;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Microsoft.SemanticKernel;

/// <summary>The single implementation behind every chat registration method.</summary>
internal static class CustomChatCompletionRegistration
{
    public static IServiceCollection Register(IServiceCollection services, CustomChatCompletionOptions options, string? serviceId, HttpClient? httpClient)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        // Fail at registration, with the bad setting named, rather than at the first request.
        options.Validate();
        var snapshot = options.Clone();

        // One service instance per registration; IChatClient resolves to the same pipeline the service uses.
        services.AddKeyedSingleton<CustomChatCompletionService>(serviceId, (provider, _) =>
        {
            var client = httpClient ?? provider.GetService<HttpClient>();
            var pipeline = ChatClientPipeline.Create(snapshot, client, provider.GetService<ILoggerFactory>());
            return new CustomChatCompletionService(pipeline, snapshot.ModelId!, snapshot.Endpoint!);
        });
        services.AddKeyedSingleton<IChatCompletionService>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key));
        services.AddKeyedSingleton<IChatClient>(serviceId, (provider, key) => provider.GetRequiredKeyedService<CustomChatCompletionService>(key).ChatClient);
        return services;
    }
}
