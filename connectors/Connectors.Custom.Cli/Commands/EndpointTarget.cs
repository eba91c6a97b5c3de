using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The endpoint a command talks to: the one the settings name, or, when they name none, a local scripted
/// server started for the command and stopped with it. The one place the CLI starts a local server for a command.</summary>
internal sealed class EndpointTarget : IAsyncDisposable
{
    private EndpointTarget(Uri endpoint, string? chatModel, string? embeddingModel, LocalModel? local)
    {
        Endpoint = endpoint;
        ChatModel = chatModel;
        EmbeddingModel = embeddingModel;
        Local = local;
    }

    public Uri Endpoint { get; }

    /// <summary>The chat model to ask for (the command's <c>--model</c>, or the local scripted one).</summary>
    public string? ChatModel { get; }

    /// <summary>The embedding model to ask for, or null when none was given for a remote endpoint.</summary>
    public string? EmbeddingModel { get; }

    /// <summary>The local server, or null for a remote endpoint.</summary>
    public LocalModel? Local { get; }

    /// <summary>Connects to the settings' endpoint, or starts the local server.</summary>
    /// <param name="settings">What the command line and environment said.</param>
    /// <param name="embeddingModel">The embedding model for a remote endpoint (the local server has its own).</param>
    /// <param name="realEmbeddings">Whether the local server serves MiniLM embeddings rather than hashed ones.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EndpointTarget> OpenAsync(EndpointSettings settings, string? embeddingModel, bool realEmbeddings, CancellationToken cancellationToken)
    {
        if (settings.Endpoint is { } endpoint)
        {
            return new EndpointTarget(endpoint, settings.Model, embeddingModel, null);
        }

        var local = await LocalModel.StartAsync(realEmbeddings, port: null, WireProfile.OpenAI, cancellationToken);
        return new EndpointTarget(local.Endpoint, local.ChatModelId, local.EmbeddingModelId, local);
    }

    public async ValueTask DisposeAsync()
    {
        if (Local is not null)
        {
            await Local.DisposeAsync();
        }
    }
}
