using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Services;
using Microsoft.SemanticKernel.TextToAudio;

namespace Connectors.Custom;

/// <summary>
/// Semantic Kernel's <see cref="ITextToAudioService"/> over <see cref="CustomTextToSpeechClient"/>: the same checks,
/// resilience and cost. Settings are read from <see cref="PromptExecutionSettings.ModelId"/> and
/// <see cref="PromptExecutionSettings.ExtensionData"/> (<c>voice</c>, <c>response_format</c>, <c>speed</c>).
/// </summary>
/// <remarks>SK's <see cref="AudioContent"/> holds the whole audio; to hand audio on as it arrives use
/// <see cref="CustomTextToSpeechClient.OpenAudioStreamAsync"/> through <see cref="Client"/>. Thread-safe.</remarks>
public sealed class CustomTextToAudioService : ITextToAudioService
{
    private readonly CustomTextToSpeechClient _client;
    private readonly Dictionary<string, object?> _attributes;

    /// <summary>Initializes a new instance of the <see cref="CustomTextToAudioService"/> class.</summary>
    /// <param name="options">The endpoint, model, voice and format. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with; when null a shared one is used.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomTextToAudioService(CustomTextToAudioOptions options, HttpClient? httpClient = null)
        : this(new CustomTextToSpeechClient(options, httpClient))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CustomTextToAudioService"/> class over an existing client.</summary>
    /// <param name="client">The client to adapt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public CustomTextToAudioService(CustomTextToSpeechClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _attributes = new Dictionary<string, object?>
        {
            [AIServiceExtensions.ModelIdKey] = client.ModelId,
            [AIServiceExtensions.EndpointKey] = (client.GetService(typeof(TextToSpeechClientMetadata)) as TextToSpeechClientMetadata)?.ProviderUri?.ToString(),
        };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <summary>Gets the client this service delegates to.</summary>
    public CustomTextToSpeechClient Client => _client;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The text is empty or too long, or a setting is unsupported; nothing was sent.</exception>
    public async Task<IReadOnlyList<AudioContent>> GetAudioContentsAsync(string text, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var response = await _client.GetAudioAsync(text, AudioSettingsReader.ToTextToSpeech(executionSettings), cancellationToken).ConfigureAwait(false);
        var audio = response.Contents.OfType<DataContent>().Single();
        return [new AudioContent(audio.Data, audio.MediaType) { ModelId = response.ModelId, InnerContent = response, Metadata = new Dictionary<string, object?>(response.AdditionalProperties ?? []) }];
    }
}
