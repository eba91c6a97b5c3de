namespace Connectors.Custom.Testing.Tests;

/// <summary>Our real clients pointed at a local server, with resilience off so each call is exactly one request.</summary>
internal static class Clients
{
    public static CustomChatClient Chat(LocalOpenAIServer server, Action<CustomChatCompletionOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new CustomChatCompletionOptions
        {
            Endpoint = server.BaseAddress,
            ModelId = LocalServerOptions.DefaultChatModelId,
            Resilience = { Enabled = false },
        };
        configure?.Invoke(options);
        return new CustomChatClient(options, timeProvider: clock);
    }

    public static CustomEmbeddingGenerator Embeddings(LocalOpenAIServer server, EmbeddingEncodingFormat format)
    {
        return new CustomEmbeddingGenerator(new CustomEmbeddingOptions
        {
            Endpoint = server.BaseAddress,
            ModelId = LocalServerOptions.DefaultEmbeddingModelId,
            EncodingFormat = format,
            Resilience = { Enabled = false },
        });
    }

    /// <summary>A plain HttpClient for checking the wire itself (status, headers, raw bytes).</summary>
    public static HttpClient Raw() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public const string ChatBody = """{"model":"local-scripted","messages":[{"role":"user","content":"hello there"}]}""";

    public const string StreamBody = """{"model":"local-scripted","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"one two three four"}]}""";

    public const string EmbeddingBody = """{"model":"local-embedding","input":["a","b"]}""";

    /// <summary>Starts a server that injects <paramref name="kind"/> into every faultable request.</summary>
    public static Task<LocalOpenAIServer> StartWithFaultAsync(FaultKind kind, Action<FaultOptions>? configure = null)
    {
        var faults = new FaultOptions { Override = _ => kind };
        configure?.Invoke(faults);
        return LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = faults });
    }
}
