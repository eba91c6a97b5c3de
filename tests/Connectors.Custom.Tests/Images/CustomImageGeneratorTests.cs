using System.Drawing;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.TextToImage;

namespace Connectors.Custom.Tests.Images;

/// <summary>Image generation through Microsoft.Extensions.AI's <see cref="IImageGenerator"/> and Semantic Kernel's
/// <see cref="ITextToImageService"/>, against a loopback server.</summary>
public sealed class CustomImageGeneratorTests : LoopbackTest
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    private static string Images(params string[] items) => $$"""{"created":1,"data":[{{string.Join(",", items)}}]}""";

    private static string Base64Item(string revised = "a fox, revised") => $$"""{"b64_json":"{{Convert.ToBase64String(s_png)}}","revised_prompt":"{{revised}}"}""";

    private CustomImageGenerator Create(Action<CustomImageOptions>? configure = null)
    {
        var options = new CustomImageOptions { Endpoint = Server.BaseAddress, ModelId = "image-model" };
        options.Resilience.Retry.BaseDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new CustomImageGenerator(options);
    }

    [Fact]
    public async Task GenerateAsync_SendsPromptSizeCountAndFormat_AndReturnsTheBytes()
    {
        Server.EnqueueBody(Images(Base64Item(), Base64Item("second")));
        using var generator = Create();

        var response = await generator.GenerateImagesAsync("a fox", new ImageGenerationOptions { ImageSize = new Size(512, 256), Count = 2 });

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal("image-model", request.Json.GetProperty("model").GetString());
        Assert.Equal("a fox", request.Json.GetProperty("prompt").GetString());
        Assert.Equal("512x256", request.Json.GetProperty("size").GetString());
        Assert.Equal(2, request.Json.GetProperty("n").GetInt32());
        Assert.Equal("b64_json", request.Json.GetProperty("response_format").GetString());
        Assert.Equal(2, response.Contents.Count);
        var image = Assert.IsType<DataContent>(response.Contents[0]);
        Assert.Equal(s_png, image.Data.ToArray());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal("a fox, revised", image.AdditionalProperties![CustomMetadataKeys.RevisedPrompt]);
    }

    [Fact]
    public async Task GenerateAsync_Url_ReturnsUriContent()
    {
        Server.EnqueueBody(Images("""{"url":"https://images.example.com/1.png"}"""));
        using var generator = Create();

        var response = await generator.GenerateImagesAsync("a fox", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri });

        Assert.Equal("url", Server.Requests[0].Json.GetProperty("response_format").GetString());
        Assert.Equal(new Uri("https://images.example.com/1.png"), Assert.IsType<UriContent>(Assert.Single(response.Contents)).Uri);
    }

    [Fact]
    public async Task XaiPreset_SendsAspectRatioInsteadOfSize()
    {
        Server.EnqueueBody(Images(Base64Item()));
        using var generator = Create(o => o.Provider = CustomProviders.XAI.Name);

        await generator.GenerateImagesAsync("a valley", new ImageGenerationOptions { ImageSize = new Size(1920, 1080) });

        var json = Server.Requests[0].Json;
        Assert.Equal("16:9", json.GetProperty("aspect_ratio").GetString());
        Assert.False(json.TryGetProperty("size", out _));
    }

    [Fact]
    public async Task XaiPreset_UnsupportedRatio_IsRefusedBeforeSending()
    {
        using var generator = Create(o => o.Provider = CustomProviders.XAI.Name);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { ImageSize = new Size(1000, 700) }));

        Assert.Contains("'10:7'", error.Message, StringComparison.Ordinal);
        Assert.Contains("16:9", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task SupportedSizes_RefuseAnotherSizeBeforeSending()
    {
        using var generator = Create(o => o.Quirks.SupportedImageSizes = ["1024x1024", "1792x1024"]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { ImageSize = new Size(512, 512) }));

        Assert.Contains("'512x512'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void DefaultSize_TheProviderRefuses_FailsAtConstruction()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(o => { o.Provider = CustomProviders.XAI.Name; o.DefaultSize = "7:5"; }));

        Assert.Equal(nameof(CustomImageOptions.DefaultSize), error.ParamName);
    }

    [Fact]
    public async Task GenerateAsync_RetriesA503_ThenSucceeds()
    {
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", 503);
        Server.EnqueueBody(Images(Base64Item()));
        using var generator = Create();

        var response = await generator.GenerateImagesAsync("a fox");

        Assert.Equal(2, Server.Requests.Count);
        Assert.Single(response.Contents);
    }

    [Fact]
    public async Task GenerateAsync_InBandErrorAndWrongShape_AreTyped()
    {
        Server.EnqueueBody("""{"error":{"message":"content policy","code":"content_policy_violation"}}""");
        Server.EnqueueBody("""{"created":1}""");
        using var generator = Create(o => o.Resilience.Retry.MaxRetries = 0);

        var inBand = await Assert.ThrowsAsync<CustomEndpointException>(() => generator.GenerateImagesAsync("x"));
        var shape = await Assert.ThrowsAsync<CustomProtocolException>(() => generator.GenerateImagesAsync("x"));

        Assert.Contains("content policy", inBand.Message, StringComparison.Ordinal);
        Assert.Equal(CustomProtocolErrorKind.UnexpectedShape, shape.Kind);
    }

    [Fact]
    public async Task GenerateAsync_CancelledWhileWaiting_Throws()
    {
        using var generator = Create();

        await AssertCancelledWhileWaitingAsync(token => generator.GenerateImagesAsync("x", cancellationToken: token));
    }

    [Fact]
    public async Task EmptyPrompt_IsRefusedBeforeSending()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateImagesAsync(" "));
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { Count = 0 }));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task TextToImageService_BadSetting_IsRefusedBeforeSending_AndSizeTextIsSentAsGiven()
    {
        Server.EnqueueBody(Images(Base64Item()));
        using var generator = Create();
        var service = new CustomTextToImageService(generator);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.GetImageContentsAsync(new Microsoft.SemanticKernel.TextContent("x"), new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["n"] = "two" } }));
        await service.GetImageContentsAsync(new Microsoft.SemanticKernel.TextContent("x"), new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["size"] = "1792x1024", ["response_format"] = "b64_json" } });

        Assert.Contains("'two'", error.Message, StringComparison.Ordinal);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("1792x1024", request.Json.GetProperty("size").GetString());
    }

    [Fact]
    public async Task KernelRegistration_ServesTextToImageAndImageGenerator_WithPerImageCost()
    {
        Server.SetFallback((context, _) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(Images(Base64Item(), Base64Item()));
        });
        var options = new CustomImageOptions { Endpoint = Server.BaseAddress, ModelId = "image-model", Price = new ModelPrice { PerImage = 0.04m } };
        var builder = Kernel.CreateBuilder();
        builder.AddCustomTextToImage(options, serviceId: "art");
        var kernel = builder.Build();

        var service = kernel.GetRequiredService<ITextToImageService>("art");
        var contents = await service.GetImageContentsAsync(new Microsoft.SemanticKernel.TextContent("a fox"), new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["width"] = 1024, ["height"] = 768, ["n"] = 2 } });
        var generator = kernel.Services.GetRequiredKeyedService<IImageGenerator>("art");
        var response = await generator.GenerateImagesAsync("a fox");

        Assert.Equal("1024x768", Server.Requests[0].Json.GetProperty("size").GetString());
        Assert.Equal(2, Server.Requests[0].Json.GetProperty("n").GetInt32());
        Assert.Equal(2, contents.Count);
        Assert.Equal(s_png, contents[0].Data!.Value.ToArray());
        Assert.Equal(0.08m, contents[0].Metadata![CustomMetadataKeys.Cost]);
        Assert.Equal(2, response.Contents.Count);
        var tracker = kernel.Services.GetRequiredService<ICustomUsageTracker>();
        Assert.Equal(0.16m, tracker.GetSpent("art"));
    }
}
