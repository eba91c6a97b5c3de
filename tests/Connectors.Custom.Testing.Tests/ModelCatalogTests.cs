using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The connector's model catalog against the local server: what it serves, in each profile's listing shape.</summary>
public sealed class ModelCatalogTests
{
    [Fact]
    public async Task Catalog_ListsWhatTheServerServes_WithItsStartTime()
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatModelId = "my-chat", EmbeddingModelId = "my-embedder" });
        using var catalog = new CustomModelCatalog(new CustomModelCatalogOptions { Endpoint = server.BaseAddress });

        var models = await catalog.ListModelsAsync();

        Assert.Equal(["my-chat", "my-embedder"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("connectors-custom-testing", m.OwnedBy));
        Assert.All(models, m => Assert.Null(m.ContextLength));
        Assert.All(models, m => Assert.Equal(models[0].Created, m.Created));
        Assert.NotNull(models[0].Created);
        Assert.Equal(1, server.Statistics.ModelListings);
    }

    [Theory]
    [InlineData(WireProfile.Vllm, "vllm", 32768, 512)]
    [InlineData(WireProfile.LlamaCpp, "llamacpp", null, null)]
    [InlineData(WireProfile.Ollama, "library", null, null)]
    public async Task Catalog_ReadsEachProfilesListing_ContextLengthWhereTheServerReportsIt(WireProfile profile, string owner, int? chatContext, int? embeddingContext)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile });
        using var catalog = new CustomModelCatalog(new CustomModelCatalogOptions { Endpoint = server.BaseAddress });

        var models = await catalog.ListModelsAsync();

        Assert.Equal([LocalServerOptions.DefaultChatModelId, LocalServerOptions.DefaultEmbeddingModelId], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal(owner, m.OwnedBy));
        Assert.Equal([chatContext, embeddingContext], models.Select(m => m.ContextLength));
    }

    [Fact]
    public async Task Registration_IsKeyedByServiceId_ForTheServiceCollectionAndTheKernelBuilder()
    {
        await using var vllm = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = WireProfile.Vllm, ChatModelId = "served-by-vllm" });
        await using var other = await LocalOpenAIServer.StartAsync(new LocalServerOptions { ChatModelId = "served-elsewhere" });
        var builder = Kernel.CreateBuilder().AddCustomModelCatalog(o => o.Endpoint = vllm.BaseAddress, serviceId: "vllm");
        builder.Services.AddCustomModelCatalog(other.BaseAddress, serviceId: "other");
        var kernel = builder.Build();

        var fromVllm = await kernel.Services.GetRequiredKeyedService<CustomModelCatalog>("vllm").ListModelsAsync();
        var fromOther = await kernel.Services.GetRequiredKeyedService<CustomModelCatalog>("other").ListModelsAsync();

        Assert.Equal("served-by-vllm", fromVllm[0].Id);
        Assert.Equal(32768, fromVllm[0].ContextLength);
        Assert.Equal("served-elsewhere", fromOther[0].Id);
        Assert.Same(kernel.Services.GetRequiredKeyedService<CustomModelCatalog>("vllm"), kernel.Services.GetRequiredKeyedService<CustomModelCatalog>("vllm"));
    }

    [Fact]
    public void Registration_ValidatesNow_NamingTheSetting()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddCustomModelCatalog(o => o.Endpoint = new Uri("ftp://models.example")));

        Assert.Contains("CustomModelCatalogOptions.Endpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(CustomModelCatalog));
    }
}
