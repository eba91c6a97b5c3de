using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

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
    public void SettingProvider_ChangesNothingElse_ThePresetIsAppliedWhenResolved()
    {
        var options = new CustomChatCompletionOptions { ModelId = "m", ApiKey = "explicit", Provider = "AzureOpenAI", Endpoint = new Uri("https://r.openai.azure.com/openai/v1") };

        Assert.Equal("Authorization", options.ApiKeyHeader);
        Assert.Equal(MaxTokensParameter.MaxTokens, options.Quirks.MaxTokensParameter);

        var resolved = options.Resolve();

        Assert.Equal("api-key", resolved.ApiKeyHeader);
        Assert.Null(resolved.ApiKeyScheme);
        Assert.Equal("explicit", resolved.ApiKey);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, resolved.Quirks.MaxTokensParameter);
        Assert.Equal("azure.ai.openai", resolved.TelemetryName);
        Assert.Equal("Authorization", options.ApiKeyHeader); // the caller's instance is left alone

        var mistral = new CustomChatCompletionOptions { ModelId = "m", Endpoint = new Uri("https://proxy.example.com/v1"), Provider = "Mistral" }.Resolve();
        Assert.Equal(new Uri("https://proxy.example.com/v1"), mistral.Endpoint);
        Assert.Equal("random_seed", mistral.Quirks.SeedParameter);
    }

    [Fact]
    public void TheResult_DoesNotDependOnTheOrderOfTheSettings()
    {
        var providerFirst = new CustomChatCompletionOptions { ModelId = "m", Endpoint = new Uri("https://r.example.com/v1"), Provider = "AzureOpenAI", ApiKeyHeader = "x-key" };
        providerFirst.Quirks.SupportsStreamOptions = false;
        var providerLast = new CustomChatCompletionOptions { ModelId = "m", Endpoint = new Uri("https://r.example.com/v1"), ApiKeyHeader = "x-key" };
        providerLast.Quirks.SupportsStreamOptions = false;
        providerLast.Provider = "AzureOpenAI";

        foreach (var resolved in new[] { providerFirst.Resolve(), providerLast.Resolve() })
        {
            Assert.Equal("x-key", resolved.ApiKeyHeader);
            Assert.Null(resolved.ApiKeyScheme); // not set, so the preset's
            Assert.False(resolved.Quirks.SupportsStreamOptions);
            Assert.Equal(MaxTokensParameter.MaxCompletionTokens, resolved.Quirks.MaxTokensParameter);
        }
    }

    [Fact]
    public void AQuirkSetToTheGenericDefault_StillOverridesThePreset()
    {
        // Mistral rejects stream_options; a gateway in front of it may accept them.
        var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "Mistral", Quirks = { SupportsStreamOptions = true, SeedParameter = "seed" } };

        var resolved = options.Resolve();

        Assert.True(resolved.Quirks.SupportsStreamOptions);
        Assert.Equal("seed", resolved.Quirks.SeedParameter);
        Assert.Equal("any", resolved.Quirks.RequiredToolChoice); // not overridden: the preset's
    }

    [Fact]
    public void Preset_ReadsTheKeyFromTheProvidersEnvironmentVariable_WhenResolved()
    {
        // No other test reads TOGETHER_API_KEY.
        var saved = Environment.GetEnvironmentVariable("TOGETHER_API_KEY");
        try
        {
            Environment.SetEnvironmentVariable("TOGETHER_API_KEY", null);
            var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "Together" };
            Environment.SetEnvironmentVariable("TOGETHER_API_KEY", "from-env");

            Assert.Null(options.ApiKey);
            var resolved = options.Resolve();

            Assert.Equal("from-env", resolved.ApiKey);
            Assert.Equal(new Uri("https://api.together.xyz/v1"), resolved.Endpoint);
            Assert.Equal("explicit", new CustomChatCompletionOptions { ModelId = "m", Provider = "Together", ApiKey = "explicit" }.Resolve().ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TOGETHER_API_KEY", saved);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Configuration_ProviderByName_WithFieldByFieldOverrides_InAnyKeyOrder(bool providerFirst)
    {
        var provider = new KeyValuePair<string, string?>("Chat:Provider", "Groq");
        var rest = new Dictionary<string, string?>
        {
            ["Chat:ModelId"] = "llama-3.3-70b-versatile",
            ["Chat:ApiKey"] = "k",
            ["Chat:ApiKeyScheme"] = "Token",
            ["Chat:Quirks:SplitThinkTags"] = "true",
            ["Chat:Quirks:SupportsStreamOptions"] = "false",
            ["Chat:Quirks:DroppedParameters:0"] = "seed",
        };
        IEnumerable<KeyValuePair<string, string?>> values = providerFirst ? rest.Prepend(provider) : rest.Append(provider);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var options = CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions()).Resolve();

        Assert.Equal(new Uri("https://api.groq.com/openai/v1"), options.Endpoint);
        Assert.Equal("Authorization", options.ApiKeyHeader);
        Assert.Equal("Token", options.ApiKeyScheme);
        Assert.True(options.Quirks.SplitThinkTags);
        Assert.False(options.Quirks.SupportsStreamOptions);
        Assert.Equal(["logprobs", "top_logprobs", "logit_bias", "n", "name", "seed"], options.Quirks.DroppedParameters);
    }

    [Fact]
    public void Validate_TakesThePresetIntoAccount_AndStillNamesTheBadSetting()
    {
        new CustomChatCompletionOptions { ModelId = "m", Provider = "DeepSeek" }.Validate(); // the preset supplies the address

        var noAddress = Assert.Throws<ArgumentException>(() => new CustomChatCompletionOptions { ModelId = "m", Provider = "AzureOpenAI" }.Validate());
        Assert.Contains("CustomChatCompletionOptions.Endpoint", noAddress.Message, StringComparison.Ordinal);

        var badBackup = Assert.Throws<ArgumentException>(() => new CustomChatCompletionOptions { ModelId = "m", Provider = "DeepSeek", Backups = { new CustomChatCompletionOptions { Provider = "Groq" } } }.Validate());
        Assert.Contains("Backups[0]", badBackup.Message, StringComparison.Ordinal);
        Assert.Contains("ModelId", badBackup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backups_GetTheirOwnPresets()
    {
        var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "DeepSeek", Backups = { new CustomChatCompletionOptions { ModelId = "b", Provider = "Mistral" } } };

        var resolved = options.Resolve();

        Assert.Equal(new Uri("https://api.deepseek.com/v1"), resolved.Endpoint);
        Assert.Equal(new Uri("https://api.mistral.ai/v1"), resolved.Backups[0].Endpoint);
        Assert.Equal("random_seed", resolved.Backups[0].Quirks.SeedParameter);
        Assert.Equal("seed", resolved.Quirks.SeedParameter);
    }

    [Fact]
    public void Clone_KeepsTheProviderAndWhichQuirksWereSet()
    {
        var options = new CustomChatCompletionOptions { ModelId = "m", Provider = "Mistral", Quirks = { SupportsStreamOptions = true } };

        var copy = options.Clone();
        options.Quirks.SeedParameter = "changed";
        options.Provider = "Groq";

        Assert.Equal("Mistral", copy.Provider);
        var resolved = copy.Resolve();
        Assert.Equal("random_seed", resolved.Quirks.SeedParameter);
        Assert.True(resolved.Quirks.SupportsStreamOptions);
        Assert.Equal("mistral_ai", resolved.TelemetryName);
    }

    [Fact]
    public async Task Registration_AppliesThePreset_WithTheConfiguredQuirkOverride()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.EnqueueBody(Wire.Completion());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Quirks:SeedParameter"] = "seed", // Mistral's preset says random_seed; this gateway wants seed
            ["Chat:Endpoint"] = server.BaseAddress.ToString(),
            ["Chat:ModelId"] = Wire.Model,
            ["Chat:ApiKey"] = string.Empty,
            ["Chat:Provider"] = "Mistral",
        }).Build();
        await using var services = new ServiceCollection().AddCustomChatCompletion(configuration.GetSection("Chat")).BuildServiceProvider();

        await services.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { Seed = 7, ToolMode = ChatToolMode.RequireAny, Tools = [AIFunctionFactory.Create(() => 1, "one")] });

        var body = server.Requests[0].Json;
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.False(body.TryGetProperty("random_seed", out _));
        Assert.Equal("any", body.GetProperty("tool_choice").GetString()); // not overridden: the preset's
    }
}
