using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// An <see cref="IImageGenerator"/> for any OpenAI-compatible <c>images/generations</c> endpoint (OpenAI, Together,
/// LocalAI, xAI), with the resilience, logging and cost of the other connectors.
/// </summary>
/// <remarks>
/// <para>The image's shape goes out as <c>size</c> or, for providers that take one (xAI), as <c>aspect_ratio</c>; a
/// shape the provider does not accept (<see cref="CustomQuirkProfile.SupportedImageSizes"/>) is refused before anything
/// is sent. Images come back as <see cref="DataContent"/> (base64 on the wire) or <see cref="UriContent"/> (a link).</para>
/// <para>Cost: <see cref="ModelPrice.PerImage"/> per image returned, plus tokens when the server reports them, recorded
/// to the <see cref="ICustomUsageTracker"/> and the cost metric (the response type has no place for it). The
/// response's <see cref="ImageGenerationResponse.RawRepresentation"/> is not set. Image edits (original images in the
/// request) are not supported. Thread-safe.</para>
/// </remarks>
public sealed class CustomImageGenerator : IImageGenerator
{
    private const string Operation = "image_generation";
    private const string Path = "images/generations";

    private readonly JsonOperationRunner<CustomImageOptions> _runner;
    private readonly CustomImageOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CustomImageGenerator"/> class.</summary>
    /// <param name="options">The endpoint, model, size and resilience settings, and backups. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with, used as it is; when null a shared one is used.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; null means the system clock.</param>
    /// <param name="loggerFactory">Where calls, retries, failovers and failures are logged; null logs nothing.</param>
    /// <param name="usageTracker">Receives every call's usage and cost (and backs the budgets); null keeps a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomImageGenerator(CustomImageOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, ICustomUsageTracker? usageTracker = null)
        : this(options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId: null)
    {
    }

    internal CustomImageGenerator(CustomImageOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, ICustomUsageTracker? usageTracker, string? serviceId, IFleetCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Resolve();
        _runner = new JsonOperationRunner<CustomImageOptions>(_options, httpClient, timeProvider, loggerFactory, usageTracker, serviceId, fleet);
    }

    /// <summary>Gets the model id used when a call does not name one.</summary>
    public string ModelId => _options.ModelId!;

    internal string MediaType => _options.MediaType;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The prompt is empty, the count is below one, or the provider does not accept the size.</exception>
    /// <exception cref="NotSupportedException">The request carries original images (an edit).</exception>
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OriginalImages?.Any() == true)
        {
            throw new NotSupportedException("Image edits are not supported: this connector calls images/generations only.");
        }

        var call = CreateCall(request.Prompt, options);
        var images = await GenerateAsync(call, cancellationToken).ConfigureAwait(false);
        var mediaType = options?.MediaType ?? _options.MediaType;
        var contents = new List<AIContent>(images.Value.Count);
        foreach (var image in images.Value)
        {
            AIContent content = image.Data is { } data ? new DataContent(data, mediaType) : new UriContent(image.Url!, mediaType);
            if (image.RevisedPrompt is { } revised)
            {
                (content.AdditionalProperties ??= [])[CustomMetadataKeys.RevisedPrompt] = revised;
            }

            contents.Add(content);
        }

        // ImageGenerationResponse has no property bag: the cost reaches the usage tracker and the cost metric.
        return new ImageGenerationResponse(contents) { Usage = images.Usage };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? new ImageGeneratorMetadata(_options.TelemetryName, EndpointAddress.Sanitize(_options.Endpoint!), ModelId)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

    /// <summary>Generates for a call already validated (shared with the Semantic Kernel service).</summary>
    internal async Task<(IReadOnlyList<GeneratedImage> Value, UsageDetails? Usage, decimal? Cost)> GenerateAsync(ImageCall call, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(
            Operation,
            async (endpoint, attempt) =>
            {
                var images = await endpoint.PostAsync(Path, call, ImageRequestWriter.Write, 256 + (call.Prompt.Length * 2), ImageResponseParser.Parse, "image generation", attempt).ConfigureAwait(false);
                return (Images: images, Usage: attempt.ReportedUsage);
            },
            TokenEstimator.ForText(call.Prompt),
            static answer => new CallSummary(answer.Usage, null, null, null, Images: answer.Images.Count),
            cancellationToken).ConfigureAwait(false);
        return (result.Value.Images, result.Value.Usage, result.Cost);
    }

    /// <summary>Validates a call's settings before anything is sent.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal ImageCall CreateCall(string? prompt, ImageGenerationOptions? options)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ArgumentException("An image generation request needs a prompt.", nameof(prompt));
        }

        if (options?.Count is < 1)
        {
            throw new ArgumentException($"The image count must be at least 1; got {options.Count}.", nameof(options));
        }

        string? shape = null;
        if (options?.AdditionalProperties?.TryGetValue(AspectRatioProperty, out var ratio) == true && ratio is string text)
        {
            shape = ImageShape.Parse(text, _options.Quirks, nameof(options));
        }
        else if (options?.ImageSize is { } size)
        {
            shape = ImageShape.FromDimensions(size.Width, size.Height, _options.Quirks, nameof(options));
        }
        else if (_options.DefaultSize is { } defaultSize)
        {
            shape = ImageShape.Parse(defaultSize, _options.Quirks, nameof(CustomImageOptions.DefaultSize));
        }

        var format = options?.ResponseFormat switch
        {
            ImageGenerationResponseFormat.Data => ImageResponseFormat.Base64,
            ImageGenerationResponseFormat.Uri or ImageGenerationResponseFormat.Hosted => ImageResponseFormat.Url,
            _ => _options.ResponseFormat,
        };
        return new ImageCall(prompt, options?.ModelId, options?.Count, shape, format);
    }

    /// <summary>The <see cref="ImageGenerationOptions.AdditionalProperties"/> key of an explicit aspect ratio (<c>16:9</c>).</summary>
    internal const string AspectRatioProperty = "aspect_ratio";
}
