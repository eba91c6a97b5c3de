using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The offline stand-in for an endpoint: a <see cref="LocalOpenAIServer"/> on 127.0.0.1 with the scripted
/// chat model (<see cref="DemoScript"/>) and, optionally, real MiniLM embeddings.</summary>
internal sealed class LocalModel : IAsyncDisposable
{
    public const string Label = "local-scripted: a scripted stand-in that answers from fixed rules, not a language model";

    private readonly MiniLmEmbeddingBackend? _embeddings;

    private LocalModel(LocalOpenAIServer server, MiniLmEmbeddingBackend? embeddings)
    {
        Server = server;
        _embeddings = embeddings;
    }

    public LocalOpenAIServer Server { get; }

    public Uri Endpoint => Server.BaseAddress;

    public string ChatModelId => LocalServerOptions.DefaultChatModelId;

    public string EmbeddingModelId => _embeddings is null ? LocalServerOptions.DefaultEmbeddingModelId : MiniLmEmbeddingBackend.ModelId;

    public string EmbeddingLabel => _embeddings is null
        ? $"{LocalServerOptions.DefaultEmbeddingModelId}: vectors hashed from the text (equal texts, equal vectors; no meaning)"
        : $"{MiniLmEmbeddingBackend.ModelId}: a real sentence-embedding model running locally (384 dimensions)";

    public static async Task<LocalModel> StartAsync(bool realEmbeddings, int? port, WireProfile profile, CancellationToken cancellationToken)
    {
        var embeddings = realEmbeddings ? new MiniLmEmbeddingBackend() : null;
        try
        {
            var server = await LocalOpenAIServer.StartAsync(
                new LocalServerOptions
                {
                    Port = port,
                    ChatScript = DemoScript.Create(),
                    WireProfile = profile,
                    EmbeddingBackend = embeddings,
                    EmbeddingModelId = embeddings is null ? LocalServerOptions.DefaultEmbeddingModelId : MiniLmEmbeddingBackend.ModelId,
                },
                cancellationToken);
            return new LocalModel(server, embeddings);
        }
        catch
        {
            embeddings?.Dispose();
            throw;
        }
    }

    /// <summary>Loads the embedding model now, so its load time is not counted in a step's latency.</summary>
    public void WarmUp() => _embeddings?.Load();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _embeddings?.Dispose();
    }
}
