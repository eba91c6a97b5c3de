using System;

namespace Connectors.Custom;

/// <summary>
/// A named OpenAI-compatible provider: its default address, how its key is sent and where it is usually kept, and its
/// quirk profile. Use one with <c>AddCustomChatCompletion(CustomProviders.DeepSeek, "deepseek-chat")</c> or by name in
/// configuration (<c>"Provider": "Groq"</c>); every field it sets can still be overridden.
/// </summary>
public sealed class CustomProvider
{
    private readonly Func<CustomQuirkProfile> _profile;

    internal CustomProvider(string name, string telemetryName, Uri? defaultEndpoint, string? apiKeyEnvironmentVariable, Func<CustomQuirkProfile> profile, string apiKeyHeader = CustomEndpointOptions.DefaultApiKeyHeader, string? apiKeyScheme = CustomEndpointOptions.DefaultApiKeyScheme)
    {
        Name = name;
        TelemetryName = telemetryName;
        DefaultEndpoint = defaultEndpoint;
        ApiKeyEnvironmentVariable = apiKeyEnvironmentVariable;
        ApiKeyHeader = apiKeyHeader;
        ApiKeyScheme = apiKeyScheme;
        _profile = profile;
    }

    /// <summary>Gets the preset's name, as used in configuration (<c>"Provider": "DeepSeek"</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the name reported as <c>gen_ai.provider.name</c>.</summary>
    public string TelemetryName { get; }

    /// <summary>Gets the API base address, or null where each deployment has its own (Azure OpenAI).</summary>
    public Uri? DefaultEndpoint { get; }

    /// <summary>Gets the environment variable the key is read from by convention when none is given (for example
    /// <c>DEEPSEEK_API_KEY</c>), or null for servers that need no key.</summary>
    public string? ApiKeyEnvironmentVariable { get; }

    /// <summary>Gets the header that carries the key.</summary>
    public string ApiKeyHeader { get; }

    /// <summary>Gets the scheme written before the key, or null for the key alone.</summary>
    public string? ApiKeyScheme { get; }

    /// <summary>Creates a fresh copy of the provider's quirk profile.</summary>
    /// <returns>A profile the caller may change.</returns>
    public CustomQuirkProfile CreateQuirkProfile() => _profile();

    /// <inheritdoc />
    public override string ToString() => Name;
}
