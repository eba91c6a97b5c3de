using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.TextToImage;

namespace Connectors.Custom;

/// <summary>
/// Semantic Kernel's <see cref="ITextToImageService"/> over a <see cref="CustomImageGenerator"/>: the same requests,
/// resilience and cost.
/// </summary>
/// <remarks>
/// Execution settings are read from <see cref="PromptExecutionSettings.ExtensionData"/>: <c>width</c> and
/// <c>height</c> (what <c>GenerateImageAsync(description, width, height)</c> passes), or <c>size</c>
/// (<c>1024x1024</c>) or <c>aspect_ratio</c> (<c>16:9</c>); <c>n</c> or <c>count</c>; <c>response_format</c>
/// (<c>b64_json</c> or <c>url</c>); and <see cref="PromptExecutionSettings.ModelId"/>. Each image is an
/// <see cref="ImageContent"/> with its bytes or its link. Thread-safe.
/// </remarks>
public sealed class CustomTextToImageService : ITextToImageService
{
    private readonly CustomImageGenerator _generator;

    /// <summary>Initializes a new instance of the <see cref="CustomTextToImageService"/> class.</summary>
    /// <param name="generator">The generator that sends the requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public CustomTextToImageService(CustomImageGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        Attributes = new Dictionary<string, object?> { [Microsoft.SemanticKernel.Services.AIServiceExtensions.ModelIdKey] = generator.ModelId };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The prompt is empty, a setting is invalid, or the provider does not accept the size.</exception>
    public async Task<IReadOnlyList<ImageContent>> GetImageContentsAsync(TextContent input, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var call = _generator.CreateCall(input.Text, ToOptions(executionSettings));
        var (images, _, cost) = await _generator.GenerateAsync(call, cancellationToken).ConfigureAwait(false);
        var mediaType = _generator.MediaType;
        var contents = new List<ImageContent>(images.Count);
        foreach (var image in images)
        {
            var metadata = new Dictionary<string, object?>();
            if (image.RevisedPrompt is { } revised)
            {
                metadata[CustomMetadataKeys.RevisedPrompt] = revised;
            }

            if (cost is { } spent)
            {
                metadata[CustomMetadataKeys.Cost] = spent;
            }

            var content = image.Data is { } data
                ? new ImageContent(data, mediaType) { ModelId = call.ModelId ?? _generator.ModelId, Metadata = metadata }
                : new ImageContent(image.Url!) { ModelId = call.ModelId ?? _generator.ModelId, Metadata = metadata };
            contents.Add(content);
        }

        return contents;
    }

    private static Microsoft.Extensions.AI.ImageGenerationOptions? ToOptions(PromptExecutionSettings? settings)
    {
        if (settings is null)
        {
            return null;
        }

        var options = new Microsoft.Extensions.AI.ImageGenerationOptions { ModelId = settings.ModelId };
        var data = settings.ExtensionData;
        if (data is null)
        {
            return options;
        }

        if (ReadInt(data, "width") is { } width && ReadInt(data, "height") is { } height)
        {
            options.ImageSize = new System.Drawing.Size(width, height);
        }

        if ((ReadString(data, "aspect_ratio") ?? ReadString(data, "size")) is { } shape)
        {
            (options.AdditionalProperties ??= [])[CustomImageGenerator.AspectRatioProperty] = shape;
        }

        options.Count = ReadInt(data, "n") ?? ReadInt(data, "count");
        options.ResponseFormat = ReadString(data, "response_format") switch
        {
            null => null,
            "b64_json" => Microsoft.Extensions.AI.ImageGenerationResponseFormat.Data,
            "url" => Microsoft.Extensions.AI.ImageGenerationResponseFormat.Uri,
            var other => throw new ArgumentException($"The image response_format '{other}' is neither b64_json nor url.", nameof(settings)),
        };
        return options;
    }

    private static int? ReadInt(IDictionary<string, object> data, string key)
    {
        if (!data.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        var text = value switch
        {
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
            _ => value.ToString(),
        };
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"The image setting '{key}' must be a whole number; got '{text}'.", key);
    }

    private static string? ReadString(IDictionary<string, object> data, string key) => data.TryGetValue(key, out var value) ? value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => value.ToString(),
    } : null;
}
