using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The protocol work of one chat endpoint, whichever API it speaks (<see cref="ChatApi"/>): one request per
/// attempt, no retries or timeouts of its own. Everything around it (resilience, telemetry, cost) is shared.</summary>
internal interface IChatProtocolClient
{
    /// <summary>Gets the model id used when a call does not name one.</summary>
    string ModelId { get; }

    /// <summary>Sends one request and reads the whole answer.</summary>
    Task<ChatResponse> GetResponseAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt);

    /// <summary>Sends one streaming request and yields its updates, reporting usage to the attempt as it arrives.</summary>
    IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, AttemptScope attempt);
}
