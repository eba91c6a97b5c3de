using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.AudioToText;
using Microsoft.SemanticKernel.Services;

namespace Connectors.Custom;

/// <summary>
/// Semantic Kernel's <see cref="IAudioToTextService"/> over <see cref="CustomSpeechToTextClient"/>: the same upload,
/// checks, resilience and cost. The audio's type comes from <c>AudioContent.MimeType</c> (or the
/// <see cref="CustomAudioPropertyNames.FileName"/> setting); settings are read from
/// <see cref="PromptExecutionSettings.ModelId"/> and <see cref="PromptExecutionSettings.ExtensionData"/> under the keys
/// of <see cref="CustomAudioPropertyNames"/>.
/// </summary>
/// <remarks>The result's metadata carries the language, duration, segments, words, endpoint, attempts and cost.
/// Thread-safe.</remarks>
public sealed class CustomAudioToTextService : IAudioToTextService
{
    private readonly CustomSpeechToTextClient _client;
    private readonly Dictionary<string, object?> _attributes;

    /// <summary>Initializes a new instance of the <see cref="CustomAudioToTextService"/> class.</summary>
    /// <param name="options">The endpoint, model and defaults. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomAudioToTextService(CustomAudioToTextOptions options, HttpClient? httpClient = null)
        : this(new CustomSpeechToTextClient(options, httpClient))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CustomAudioToTextService"/> class over an existing client.</summary>
    /// <param name="client">The client to adapt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public CustomAudioToTextService(CustomSpeechToTextClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _attributes = new Dictionary<string, object?>
        {
            [AIServiceExtensions.ModelIdKey] = client.ModelId,
            [AIServiceExtensions.EndpointKey] = (client.GetService(typeof(Microsoft.Extensions.AI.SpeechToTextClientMetadata)) as Microsoft.Extensions.AI.SpeechToTextClientMetadata)?.ProviderUri?.ToString(),
        };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <summary>Gets the client this service delegates to.</summary>
    public CustomSpeechToTextClient Client => _client;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The content holds no data (only a URI), or the audio is too large or of an
    /// unknown type, or a setting is invalid; nothing was sent.</exception>
    public async Task<IReadOnlyList<TextContent>> GetTextContentsAsync(AudioContent content, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Data is not { } data)
        {
            throw new ArgumentException("The audio content holds no data (a URI alone is not fetched); read the audio into the content first.", nameof(content));
        }

        // The caller's memory is read in place, not copied.
        using var stream = MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        var response = await _client.TranscribeAsync(stream, content.MimeType, AudioSettingsReader.ToSpeechToText(executionSettings), cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, object?>(response.AdditionalProperties ?? []);
        return [new TextContent(response.Text, response.ModelId, response, metadata: metadata)];
    }
}
