using System.ComponentModel;
using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Testing.Tests;

/// <summary>Semantic Kernel's automatic function calling end to end against the scripted model, in every wire profile:
/// the model asks for the function, the kernel runs it, the model answers with its result.</summary>
public sealed class KernelFunctionCallingTests
{
    [Theory]
    [MemberData(nameof(Scripts.AllProfilesStreamedAndNot), MemberType = typeof(Scripts))]
    public async Task AutoFunctionCalling_RunsThePluginAndAnswersWithItsResult(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        var calculator = new Calculator();
        var kernel = CreateKernel(server, calculator);
        var arguments = new KernelArguments(new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() });

        string answer;
        if (stream)
        {
            var text = new StringBuilder();
            await foreach (var update in kernel.InvokePromptStreamingAsync<StreamingChatMessageContent>("Please add 17 and 25.", arguments))
            {
                text.Append(update.Content);
            }

            answer = text.ToString();
        }
        else
        {
            answer = (await kernel.InvokePromptAsync("Please add 17 and 25.", arguments)).ToString();
        }

        Assert.Equal("The result is 42", answer);
        Assert.Equal([(17, 25)], calculator.Calls);
        Assert.Equal(2, server.Statistics.ChatCompletions);
    }

    [Theory]
    [MemberData(nameof(Scripts.AllProfilesStreamedAndNot), MemberType = typeof(Scripts))]
    public async Task AutoFunctionCalling_WithTheMatchingProviderPreset(WireProfile profile, bool stream)
    {
        await using var server = await Scripts.StartAsync(profile);
        var calculator = new Calculator();
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(options =>
        {
            options.Provider = PresetOf(profile);
            options.Endpoint = server.BaseAddress;
            options.ModelId = "local-scripted";
            options.ApiKey = null;
            options.Resilience.Enabled = false;
        });
        builder.Plugins.AddFromObject(calculator, "Math");
        var kernel = builder.Build();
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("Please add 17 and 25.");
        var settings = new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        string answer;
        object? cost;
        if (stream)
        {
            var updates = new List<StreamingChatMessageContent>();
            await foreach (var update in chat.GetStreamingChatMessageContentsAsync(history, settings, kernel))
            {
                updates.Add(update);
            }

            answer = string.Concat(updates.Select(u => u.Content));
            cost = updates.Select(u => u.Metadata?.GetValueOrDefault(CustomMetadataKeys.Cost)).LastOrDefault(c => c is not null);
        }
        else
        {
            var reply = await chat.GetChatMessageContentAsync(history, settings, kernel);
            answer = reply.Content!;
            cost = reply.Metadata?.GetValueOrDefault(CustomMetadataKeys.Cost);
        }

        Assert.Equal("The result is 42", answer);
        Assert.Equal([(17, 25)], calculator.Calls);
        Assert.Equal(0m, cost);
    }

    [Fact]
    public async Task TwoServiceIds_WriterThenReviewer_TheReviewerSeesTheDraft()
    {
        var script = new ScriptedChat()
            .When(r => r.SystemPrompt.Contains("writer", StringComparison.Ordinal)).Reply(r => $"Draft about {r.LastUserMessage}.")
            .When(r => r.SystemPrompt.Contains("reviewer", StringComparison.Ordinal)).Reply(r => $"Approved: \"{r.LastUserMessage}\"");
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatScript = script });
        var builder = Kernel.CreateBuilder();
        foreach (var id in (string[])["writer", "reviewer"])
        {
            builder.AddCustomChatCompletion(new CustomChatCompletionOptions { Endpoint = server.BaseAddress, ModelId = "local-scripted", Resilience = { Enabled = false } }, serviceId: id);
        }

        var kernel = builder.Build();
        var writer = new ChatHistory("You are a writer.");
        writer.AddUserMessage("coffee");
        var draft = await kernel.GetRequiredService<IChatCompletionService>("writer").GetChatMessageContentAsync(writer);
        var reviewer = new ChatHistory("You are a reviewer.");
        reviewer.AddUserMessage(draft.Content!);
        var review = await kernel.GetRequiredService<IChatCompletionService>("reviewer").GetChatMessageContentAsync(reviewer);

        Assert.Equal("Approved: \"Draft about coffee.\"", review.Content);
    }

    private static string PresetOf(WireProfile profile) => profile switch
    {
        WireProfile.Vllm => "vLLM",
        _ => profile.ToString(),
    };

    private static Kernel CreateKernel(LocalOpenAIServer server, Calculator calculator)
    {
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(new CustomChatCompletionOptions
        {
            Endpoint = server.BaseAddress,
            ModelId = "local-scripted",
            Resilience = { Enabled = false },
        });
        builder.Plugins.AddFromObject(calculator, "Math");
        return builder.Build();
    }

    private sealed class Calculator
    {
        public List<(int, int)> Calls { get; } = [];

        [KernelFunction, Description("Adds two integers.")]
        public int Add(int a, int b)
        {
            lock (Calls)
            {
                Calls.Add((a, b));
            }

            return a + b;
        }
    }
}
