namespace Connectors.Custom.Testing;

/// <summary>Decides what the local chat model answers: the seam for scripted behaviour beyond the default echo.</summary>
/// <remarks>Called concurrently, once per chat completions request that is answered (not for injected faults that
/// send no answer); implementations must be thread-safe and should be deterministic.</remarks>
public interface IChatScript
{
    /// <summary>Maps a request to the reply the model gives.</summary>
    /// <param name="request">The parsed request.</param>
    /// <returns>The reply; streamed word by word when the request asked for a stream.</returns>
    ChatReply Reply(ChatScriptRequest request);
}
