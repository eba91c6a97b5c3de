using System;
using System.Threading.Tasks;

namespace Connectors.Custom.Testing;

/// <summary>What an <see cref="IEndpointHandler"/> made of a request: a call to answer, or the reason it is invalid.</summary>
internal readonly record struct EndpointRead(EndpointCall? Call, string? Error)
{
    public static EndpointRead Answer(EndpointCall call) => new(call, null);

    public static EndpointRead Invalid(string error) => new(null, error);
}

/// <summary>A valid request, ready to be answered.</summary>
/// <param name="Model">The model the request names (or the default), quoted in injected rate-limit messages.</param>
/// <param name="Faultable">Whether faults may be injected (the model list is never faulted).</param>
/// <param name="ServedAs">Which statistic the request counts towards.</param>
/// <param name="AnswerAsync">Writes the answer, delivered as the <see cref="AnswerContext"/> says.</param>
internal sealed record EndpointCall(string Model, bool Faultable, ServedAs ServedAs, Func<AnswerContext, Task> AnswerAsync);

/// <summary>Which <see cref="ServerStatistics"/> counter a valid request adds to.</summary>
internal enum ServedAs
{
    ChatCompletion = 0,
    StreamingChatCompletion = 1,
    Embeddings = 2,
    ModelListing = 3,
    Response = 4,
    StreamingResponse = 5,
    Transcription = 6,
    Speech = 7,
    ImageGeneration = 8,
    Rerank = 9,
}
