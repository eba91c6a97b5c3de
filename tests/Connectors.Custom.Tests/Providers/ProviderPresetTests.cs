using Microsoft.Extensions.Configuration;

namespace Connectors.Custom.Tests.Providers;

public sealed class ProviderPresetTests
{
    [Fact]
    public void EveryNamedProvider_HasAPreset()
    {
        string[] names = ["OpenAI", "DeepSeek", "Groq", "Together", "Mistral", "Fireworks", "OpenRouter", "xAI", "Perplexity", "NvidiaNim", "AzureOpenAI", "Ollama", "vLLM", "LlamaCpp", "LMStudio", "LocalAI"];

        Assert.All(names, name => Assert.NotSame(CustomProviders.Generic, CustomProviders.FromName(name)));
        Assert.Same(CustomProviders.Groq, CustomProviders.FromName("groq"));
        Assert.Same(CustomProviders.Generic, CustomProviders.FromName("SomethingNew"));
    }

    [Fact]
    public void Preset_FillsAddressKeyHeaderAndProfile_ButKeepsWhatWasSet()
    {
        var options = new CustomChatCompletionOptions { ModelId = "m", ApiKey = "explicit" };
        options.Provider = "AzureOpenAI";

        Assert.Null(options.Endpoint);
        Assert.Equal("api-key", options.ApiKeyHeader);
        Assert.Null(options.ApiKeyScheme);
        Assert.Equal("explicit", options.ApiKey);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, options.Quirks.MaxTokensParameter);

        var mistral = new CustomChatCompletionOptions { Endpoint = new Uri("https://proxy.example.com/v1"), Provider = "Mistral" };
        Assert.Equal(new Uri("https://proxy.example.com/v1"), mistral.Endpoint);
        Assert.Equal("random_seed", mistral.Quirks.SeedParameter);
    }

    [Fact]
    public void Preset_ReadsTheKeyFromTheProvidersEnvironmentVariable()
    {
        // No other test reads TOGETHER_API_KEY.
        var saved = Environment.GetEnvironmentVariable("TOGETHER_API_KEY");
        try
        {
            Environment.SetEnvironmentVariable("TOGETHER_API_KEY", "from-env");

            var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "Together" };

            Assert.Equal("from-env", options.ApiKey);
            Assert.Equal(new Uri("https://api.together.xyz/v1"), options.Endpoint);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TOGETHER_API_KEY", saved);
        }
    }

    [Fact]
    public void Configuration_ProviderByName_WithFieldByFieldOverrides()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Provider"] = "Groq",
            ["Chat:ModelId"] = "llama-3.3-70b-versatile",
            ["Chat:ApiKey"] = "k",
            ["Chat:Quirks:SplitThinkTags"] = "true",
        }).Build();

        var options = CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions());

        Assert.Equal(new Uri("https://api.groq.com/openai/v1"), options.Endpoint);
        Assert.True(options.Quirks.SplitThinkTags);
        Assert.Contains("logprobs", options.Quirks.DroppedParameters);
        Assert.Contains("name", options.Quirks.DroppedParameters);
        options.Validate();
    }

    [Fact]
    public void Clone_KeepsTheProfileAndTelemetryName()
    {
        var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "Mistral" };

        var copy = options.Clone();
        options.Quirks.SeedParameter = "changed";

        Assert.Equal("random_seed", copy.Quirks.SeedParameter);
        Assert.Equal("mistral_ai", copy.TelemetryName);
    }
}
