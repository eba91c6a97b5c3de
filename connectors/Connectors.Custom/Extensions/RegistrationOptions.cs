using System;
using Connectors.Custom;

namespace Microsoft.SemanticKernel;

/// <summary>Builds the options every family's short registration overloads start from, so each overload only names its
/// options type and the arguments are checked the same way for every family.</summary>
internal static class RegistrationOptions
{
    /// <summary>Options for a model at an explicit address.</summary>
    public static T ForEndpoint<T>(string modelId, Uri endpoint, string? apiKey)
        where T : CustomEndpointOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(endpoint);
        return new T { ModelId = modelId, Endpoint = endpoint, ApiKey = apiKey };
    }

    /// <summary>Options for a model of a named provider preset; the preset is applied when the options are resolved.</summary>
    public static T ForPreset<T>(CustomProvider provider, string modelId, string? apiKey)
        where T : CustomEndpointOptions, new()
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new T { Provider = provider.Name, ModelId = modelId, ApiKey = apiKey };
    }

    /// <summary>Fresh options set by the caller's callback.</summary>
    public static T Configured<T>(Action<T> configure)
        where T : CustomEndpointOptions, new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new T();
        configure(options);
        return options;
    }
}
