using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>The chat clients measured against the floor, each built the way an application would build it, for one
/// model id (the server picks its answer by model, so each scenario gets its own instances).</summary>
internal static class ChatClients
{
    /// <summary>The tool as M.E.AI callers declare it: a declaration only, so a function-invocation layer hands the
    /// call back to the caller instead of running it.</summary>
    public static ChatOptions ToolOptions { get; } = new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration(ChatScript.ToolName, ChatScript.ToolDescription, JsonDocument.Parse(ChatScript.ToolParametersSchema).RootElement.Clone())],
    };

    /// <summary>SK's OpenAI settings that declare the kernel's functions without invoking them.</summary>
    public static OpenAIPromptExecutionSettings SemanticKernelToolSettings { get; } = new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };

    /// <summary>Our SK settings that declare the kernel's functions without invoking them.</summary>
    public static CustomPromptExecutionSettings OurToolSettings { get; } = new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };

    /// <summary>
    /// Semantic Kernel 1.82's OpenAI connector on a custom endpoint:
    /// <c>Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId, endpoint, apiKey)</c> (the <see cref="Uri"/> overload,
    /// experimental SKEXP0010), whose <see cref="IChatCompletionService"/> is SK's <c>OpenAIChatCompletionService</c> over
    /// the OpenAI SDK's <c>ChatClient</c>. The kernel also holds the tool as a plugin function.
    /// </summary>
    public static (Kernel Kernel, IChatCompletionService Service) CreateSemanticKernel(Uri baseAddress, string model)
    {
        // The OpenAI SDK appends "/chat/completions" to the endpoint as is, so it must not end with a slash.
        var kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion(model, new Uri(baseAddress.ToString().TrimEnd('/')), apiKey: "unused")
            .Build();
        kernel.Plugins.Add(CreateToolPlugin());
        return (kernel, kernel.GetRequiredService<IChatCompletionService>());
    }

    /// <summary>The options of our raw client: the endpoint and model, resilience off (one attempt, no limiter, breaker or
    /// retry), telemetry off; no logger factory.</summary>
    public static CustomChatCompletionOptions RawOptions(Uri baseAddress, string model) => new()
    {
        Endpoint = baseAddress,
        ModelId = model,
        Resilience = { Enabled = false },
        EnableTelemetry = false,
    };

    /// <summary>Ours as a bare <see cref="IChatClient"/>: <c>new CustomChatClient(options)</c>.</summary>
    public static IChatClient CreateRaw(Uri baseAddress, string model) => new CustomChatClient(RawOptions(baseAddress, model));

    /// <summary>Ours as an SK <see cref="IChatCompletionService"/>: <c>new CustomChatCompletionService(options)</c> with
    /// the raw client's options, so it adds only the SK adapter and SK's function-invocation layer; and a kernel that
    /// holds the tool.</summary>
    public static (Kernel Kernel, IChatCompletionService Service) CreateOurService(Uri baseAddress, string model)
    {
        var kernel = Kernel.CreateBuilder().Build();
        kernel.Plugins.Add(CreateToolPlugin());
        return (kernel, new CustomChatCompletionService(RawOptions(baseAddress, model)));
    }

    /// <summary>Ours as an application registers it: <c>services.AddLogging().AddCustomChatCompletion(modelId, endpoint)</c>
    /// resolved as <see cref="IChatClient"/> from the built provider, so resilience, the OpenTelemetry layer, logging
    /// and usage tracking are all at their defaults; the logger factory has no providers and nothing listens to the
    /// activity source or meters, as in an application without exporters.</summary>
    public static (ServiceProvider Provider, IChatClient Client) CreateRegistered(Uri baseAddress, string model)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddCustomChatCompletion(model, baseAddress)
            .BuildServiceProvider();
        return (provider, provider.GetRequiredService<IChatClient>());
    }

    private static KernelPlugin CreateToolPlugin() => KernelPluginFactory.CreateFromFunctions(ChatScript.ToolPlugin,
    [
        KernelFunctionFactory.CreateFromMethod(
            (string location, string unit = "celsius", int days = 1, string[]? include = null, string? notes = null) => $"Sunny in {location}",
            ChatScript.ToolFunction,
            ChatScript.ToolDescription),
    ]);
}
