using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace Connectors.Custom;

/// <summary>Fills options from an <see cref="IConfiguration"/> section or from environment variables.</summary>
internal static class CustomOptionsReader
{
    /// <summary>The environment variable holding the API key (optional: local servers need none).</summary>
    public const string ApiKeyVariable = "CUSTOM_API_KEY";

    /// <summary>The environment variable holding the API base address.</summary>
    public const string BaseUrlVariable = "CUSTOM_BASE_URL";

    /// <summary>The environment variable holding the chat model id.</summary>
    public const string ModelVariable = "CUSTOM_MODEL";

    /// <summary>The environment variable holding the embedding model id.</summary>
    public const string EmbeddingModelVariable = "CUSTOM_EMBEDDING_MODEL";

    /// <summary>Binds a configuration section (for example <c>"CustomChat"</c> in appsettings.json) onto options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomChatCompletionOptions Bind(IConfiguration configuration, CustomChatCompletionOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // A concrete call per options type: the configuration binding generator cannot see through generic calls.
        BindGuarded(configuration, typeof(CustomChatCompletionOptions), () => configuration.Bind(options));
        return options;
    }

    /// <summary>Binds a configuration section onto embedding options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomEmbeddingOptions Bind(IConfiguration configuration, CustomEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        BindGuarded(configuration, typeof(CustomEmbeddingOptions), () => configuration.Bind(options));
        return options;
    }

    /// <summary>Binds a configuration section onto image generation options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomImageOptions Bind(IConfiguration configuration, CustomImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        BindGuarded(configuration, typeof(CustomImageOptions), () => configuration.Bind(options));
        return options;
    }

    /// <summary>Binds a configuration section onto reranker options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomRerankerOptions Bind(IConfiguration configuration, CustomRerankerOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        BindGuarded(configuration, typeof(CustomRerankerOptions), () => configuration.Bind(options));
        return options;
    }

    /// <summary>Binds a configuration section onto transcription options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomAudioToTextOptions Bind(IConfiguration configuration, CustomAudioToTextOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        BindGuarded(configuration, typeof(CustomAudioToTextOptions), () => configuration.Bind(options));
        return options;
    }

    /// <summary>Binds a configuration section onto speech options.</summary>
    /// <exception cref="ArgumentException">A value cannot be converted; the message names its configuration path.</exception>
    public static CustomTextToAudioOptions Bind(IConfiguration configuration, CustomTextToAudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        BindGuarded(configuration, typeof(CustomTextToAudioOptions), () => configuration.Bind(options));
        return options;
    }

    private static void BindGuarded(IConfiguration configuration, Type optionsType, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException ex)
        {
            var path = configuration is IConfigurationSection section ? section.Path : "(root)";
            throw new ArgumentException($"The configuration section '{path}' could not be read as {optionsType.Name}: {ex.Message}", nameof(configuration), ex);
        }
    }

    /// <summary>Fills endpoint, model and key from <c>CUSTOM_BASE_URL</c>, the model variable (<c>CUSTOM_MODEL</c> for
    /// chat) and <c>CUSTOM_API_KEY</c>.</summary>
    /// <exception cref="InvalidOperationException">A required variable is missing or invalid; the message names each.</exception>
    public static T FromEnvironment<T>(T options, Func<string, string?>? lookup = null, string modelVariable = ModelVariable)
        where T : CustomEndpointOptions
    {
        lookup ??= Environment.GetEnvironmentVariable;
        var baseUrl = lookup(BaseUrlVariable);
        var model = lookup(modelVariable);

        var missing = new List<string>(2);
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            missing.Add(BaseUrlVariable);
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            missing.Add(modelVariable);
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The environment variable{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(" and ", missing)} must be set " +
                $"(for example {BaseUrlVariable}=http://localhost:11434/v1 and {modelVariable}=<model id>; {ApiKeyVariable} is optional).");
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException($"The environment variable {BaseUrlVariable} must be an absolute http:// or https:// address; got '{baseUrl}'.");
        }

        options.Endpoint = endpoint;
        options.ModelId = model;
        if (lookup(ApiKeyVariable) is { Length: > 0 } apiKey)
        {
            options.ApiKey = apiKey;
        }

        return options;
    }
}
