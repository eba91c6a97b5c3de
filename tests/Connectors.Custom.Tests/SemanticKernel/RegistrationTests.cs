using Connectors.Custom.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Tests.SemanticKernel;

public sealed class RegistrationTests : LoopbackTest
{

    [Fact]
    public async Task ServiceIds_RegisterKeyedServices_AndPromptsCanChooseOne()
    {
        await using var other = await LoopbackServer.StartAsync();
        Server.EnqueueBody(Wire.Completion("from A"));
        other.EnqueueBody(Wire.Completion("from B"));
        var kernel = Kernel.CreateBuilder()
            .AddCustomChatCompletion("model-a", Server.BaseAddress, serviceId: "a")
            .AddCustomChatCompletion("model-b", other.BaseAddress, serviceId: "b")
            .Build();

        var result = await kernel.InvokePromptAsync("hi", new KernelArguments(new PromptExecutionSettings { ServiceId = "b" }));

        Assert.Equal("from B", result.GetValue<string>());
        Assert.Empty(Server.Requests);
        Assert.Equal("model-b", other.Requests[0].Json.GetProperty("model").GetString());
        Assert.Equal("model-a", kernel.GetRequiredService<IChatCompletionService>("a").Attributes["ModelId"]);
        Assert.NotNull(kernel.Services.GetRequiredKeyedService<IChatClient>("b"));
    }

    [Fact]
    public async Task ChatClient_IsRegisteredAndSharesTheServicePipeline()
    {
        Server.EnqueueBody(Wire.Completion("via IChatClient"));
        var services = new ServiceCollection().AddCustomChatCompletion(Wire.Model, Server.BaseAddress).BuildServiceProvider();

        var client = services.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("hi");

        Assert.Equal("via IChatClient", response.Text);
        Assert.Same(client, ((CustomChatCompletionService)services.GetRequiredService<IChatCompletionService>()).ChatClient);
        Assert.NotNull(client.GetService<CustomChatClient>());
        Assert.NotNull(client.GetService<FunctionInvokingChatClient>());
        Assert.Equal(Server.BaseAddress, client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public async Task ChatClient_InvokesAIFunctionsForMicrosoftExtensionsAiCallers()
    {
        Server.EnqueueBody(Wire.ToolCallCompletion("""[{"id":"c1","type":"function","function":{"name":"Add","arguments":"{\"a\":2,\"b\":3}"}}]"""))
            .EnqueueBody(Wire.Completion("5"));
        var client = new ServiceCollection().AddCustomChatCompletion(Wire.Model, Server.BaseAddress).BuildServiceProvider().GetRequiredService<IChatClient>();
        var calls = 0;
        var add = AIFunctionFactory.Create((int a, int b) => { calls++; return a + b; }, "Add");

        var response = await client.GetResponseAsync("2+3?", new ChatOptions { Tools = [add] });

        Assert.Equal("5", response.Text);
        Assert.Equal(1, calls);
        Assert.Equal("5", Server.Requests[1].Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Configuration_RegistersFromASection()
    {
        Server.EnqueueBody(Wire.Completion("configured"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = Server.BaseAddress.ToString(),
            ["Llm:ModelId"] = "cfg-model",
            ["Llm:ApiKey"] = "cfg-key",
            ["Llm:Headers:X-Title"] = "cfg",
        }).Build();

        var kernel = Kernel.CreateBuilder().AddCustomChatCompletion(configuration.GetSection("Llm")).Build();
        await kernel.InvokePromptAsync("hi");

        var request = Server.Requests[0];
        Assert.Equal("cfg-model", request.Json.GetProperty("model").GetString());
        Assert.Equal("Bearer cfg-key", request.Headers["Authorization"]);
        Assert.Equal("cfg", request.Headers["X-Title"]);
    }

    [Fact]
    public void Configuration_MissingModel_FailsAtRegistrationNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:Endpoint"] = "http://localhost:1/v1" }).Build();

        var error = Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddCustomChatCompletion(configuration.GetSection("Llm")));

        Assert.Contains("ModelId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SimpleForm_InvalidArguments_FailAtRegistration()
    {
        Assert.ThrowsAny<ArgumentException>(() => Kernel.CreateBuilder().AddCustomChatCompletion("", new Uri("http://localhost/v1")));
        Assert.Throws<ArgumentNullException>(() => Kernel.CreateBuilder().AddCustomChatCompletion("m", null!));
        Assert.ThrowsAny<ArgumentException>(() => Kernel.CreateBuilder().AddCustomChatCompletion("m", new Uri("file:///tmp/x")));
    }

    [Fact]
    public async Task OptionsCallback_SupportsARotatingKeyProvider()
    {
        Server.EnqueueBody(Wire.Completion());
        var kernel = Kernel.CreateBuilder().AddCustomChatCompletion(o =>
        {
            o.Endpoint = Server.BaseAddress;
            o.ModelId = Wire.Model;
            o.ApiKeyProvider = _ => ValueTask.FromResult<string?>("short-lived");
        }).Build();

        await kernel.InvokePromptAsync("hi");

        Assert.Equal("Bearer short-lived", Server.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public void Environment_MissingVariables_AreNamedAtRegistration()
    {
        // No other test reads these variables, so clearing them for the duration of this one is safe.
        var saved = new[] { "CUSTOM_BASE_URL", "CUSTOM_MODEL" }.Select(name => (name, value: Environment.GetEnvironmentVariable(name))).ToList();
        try
        {
            saved.ForEach(v => Environment.SetEnvironmentVariable(v.name, null));

            var error = Assert.Throws<InvalidOperationException>(() => Kernel.CreateBuilder().AddCustomChatCompletionFromEnvironment());

            Assert.Contains("CUSTOM_BASE_URL", error.Message, StringComparison.Ordinal);
            Assert.Contains("CUSTOM_MODEL", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            saved.ForEach(v => Environment.SetEnvironmentVariable(v.name, v.value));
        }
    }

    [Fact]
    public async Task HttpClientFromTheContainer_IsUsedWhenNoneIsPassed()
    {
        Server.EnqueueBody(Wire.Completion());
        var handler = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddSingleton(new HttpClient(handler));
        services.AddCustomChatCompletion(Wire.Model, Server.BaseAddress);

        await services.BuildServiceProvider().GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.Equal(1, handler.Count);
    }

    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
