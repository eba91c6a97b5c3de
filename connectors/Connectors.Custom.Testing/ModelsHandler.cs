using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>GET /v1/models</c>: the chat and embedding models the server serves, in the profile's shape (vLLM adds
/// <c>max_model_len</c>). Never faulted.</summary>
internal sealed class ModelsHandler(LocalServerOptions options, long startedAt) : IEndpointHandler
{
    public string Method => HttpMethods.Get;

    public string Path => "/v1/models";

    public EndpointRead Read(RecordedRequest request) => EndpointRead.Answer(new EndpointCall(
        options.ChatModelId,
        Faultable: false,
        ServedAs.ModelListing,
        answer => answer.WriteJsonAsync(StatusCodes.Status200OK, ModelsJson.List(options.ChatModelId, options.EmbeddingModelId, startedAt, WireStyle.For(options.WireProfile)))));
}
