using System;
using System.Collections.Generic;
using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>Settings of a <see cref="LocalOpenAIServer"/>.</summary>
/// <remarks>The server copies these settings when it starts, so later changes to them (and to <see cref="Faults"/>)
/// have no effect; the objects they point to are shared, not copied: rules added to a <see cref="ScriptedChat"/>
/// while the server runs apply to the requests after them, and the <see cref="EmbeddingBackend"/> is the one given.</remarks>
public sealed class LocalServerOptions
{
    /// <summary>The id of the scripted chat model: a deterministic stand-in (see <see cref="ScriptedChat"/>), not a
    /// language model.</summary>
    public const string DefaultChatModelId = "local-scripted";

    /// <summary>The id of the embedding model.</summary>
    public const string DefaultEmbeddingModelId = "local-embedding";

    /// <summary>Gets or sets the TCP port on 127.0.0.1 to listen on.</summary>
    /// <value>Null by default: a free port chosen by the operating system (see <see cref="LocalOpenAIServer.BaseAddress"/>).</value>
    public int? Port { get; set; }

    /// <summary>Gets or sets the chat model id listed by <c>GET /v1/models</c> and reported when a request names none.</summary>
    /// <value><c>local-scripted</c> by default. Requests may name any model; the answer reports the model they named.</value>
    public string ChatModelId { get; set; } = DefaultChatModelId;

    /// <summary>Gets or sets the embedding model id listed by <c>GET /v1/models</c>.</summary>
    /// <value><c>local-embedding</c> by default.</value>
    public string EmbeddingModelId { get; set; } = DefaultEmbeddingModelId;

    /// <summary>Gets or sets the length of the vectors <c>POST /v1/embeddings</c> returns when the request does not
    /// ask for a <c>dimensions</c> of its own (ignored with an <see cref="EmbeddingBackend"/>, whose length applies).</summary>
    /// <value>384 by default.</value>
    public int EmbeddingDimensions { get; set; } = 384;

    /// <summary>Gets or sets what computes embeddings: a real model, or null for vectors hashed from each input
    /// (<see cref="LocalOpenAIServer.CreateEmbedding"/>: equal inputs, equal vectors, but no notion of meaning).</summary>
    /// <value>Null by default. With a backend, a request that asks for a <c>dimensions</c> other than the backend's
    /// gets 400.</value>
    public IEmbeddingBackend? EmbeddingBackend { get; set; }

    /// <summary>Gets the scripted transcripts of known audio, keyed by the lowercase hex SHA-256 of the audio file's
    /// bytes. Audio this server spoke needs no entry: its text travels in the WAV it produced.</summary>
    public IDictionary<string, string> Transcripts { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets what the chat model answers.</summary>
    /// <value>A new <see cref="ScriptedChat"/> with no rules by default: <c>Echo: &lt;last user message&gt;</c>, or a small
    /// JSON object when the request asks for JSON.</value>
    public IChatScript ChatScript { get; set; } = new ScriptedChat();

    /// <summary>Gets or sets which provider's wire style chat answers and errors follow.</summary>
    /// <value><see cref="WireProfile.OpenAI"/> by default.</value>
    public WireProfile WireProfile { get; set; }

    /// <summary>Gets or sets the faults to inject.</summary>
    /// <value>No faults by default.</value>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>Checks every setting; the message names the one that is wrong.</summary>
    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LocalServerOptions.Port must be between 0 and 65535; got {Port}."), nameof(Port));
        }

        if (string.IsNullOrWhiteSpace(ChatModelId))
        {
            throw new ArgumentException("LocalServerOptions.ChatModelId must not be empty.", nameof(ChatModelId));
        }

        if (string.IsNullOrWhiteSpace(EmbeddingModelId))
        {
            throw new ArgumentException("LocalServerOptions.EmbeddingModelId must not be empty.", nameof(EmbeddingModelId));
        }

        if (EmbeddingDimensions < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LocalServerOptions.EmbeddingDimensions must be at least 1; got {EmbeddingDimensions}."), nameof(EmbeddingDimensions));
        }

        if (ChatScript is null)
        {
            throw new ArgumentException("LocalServerOptions.ChatScript must not be null.", nameof(ChatScript));
        }

        if (ChatScript is ScriptedChat scripted)
        {
            try
            {
                scripted.ThrowIfIncomplete();
            }
            catch (InvalidOperationException ex)
            {
                throw new ArgumentException("LocalServerOptions.ChatScript: " + ex.Message, nameof(ChatScript), ex);
            }
        }

        if (!Enum.IsDefined(WireProfile))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LocalServerOptions.WireProfile has an unknown value {(int)WireProfile}."), nameof(WireProfile));
        }

        if (EmbeddingBackend is { Dimensions: < 1 } backend)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LocalServerOptions.EmbeddingBackend.Dimensions must be at least 1; got {backend.Dimensions}."), nameof(EmbeddingBackend));
        }

        if (Faults is null)
        {
            throw new ArgumentException("LocalServerOptions.Faults must not be null.", nameof(Faults));
        }

        Faults.Validate();
    }

    /// <summary>Copies the settings (including the faults), so later changes do not reach a running server; the chat
    /// script and the embedding backend are shared (see the remarks).</summary>
    internal LocalServerOptions Clone()
    {
        var copy = new LocalServerOptions
        {
            Port = Port,
            ChatModelId = ChatModelId,
            EmbeddingModelId = EmbeddingModelId,
            EmbeddingDimensions = EmbeddingDimensions,
            EmbeddingBackend = EmbeddingBackend,
            ChatScript = ChatScript,
            WireProfile = WireProfile,
            Faults = Faults.Clone(),
        };
        foreach (var (hash, text) in Transcripts)
        {
            copy.Transcripts[hash] = text;
        }

        return copy;
    }
}
