using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>What an endpoint needs to write its answer: the exchange, the request, how to deliver (whole or broken
/// by a fault) and the wire style.</summary>
internal sealed record AnswerContext(HttpContext Http, RecordedRequest Request, Delivery Delivery, WireStyle Style)
{
    /// <summary>Writes a JSON body, delivered as <see cref="Delivery"/> says.</summary>
    public Task WriteJsonAsync(int status, byte[] body) => ResponseWriter.WriteJsonAsync(Http, status, body, Delivery);

    /// <summary>Writes a body of another type (audio, an image), delivered as <see cref="Delivery"/> says.</summary>
    public Task WriteBodyAsync(int status, string contentType, byte[] body) => ResponseWriter.WriteBodyAsync(Http, status, contentType, body, Delivery);

    /// <summary>Writes server-sent events, delivered as <see cref="Delivery"/> says.</summary>
    public Task WriteEventsAsync(EventStream stream) => ResponseWriter.WriteEventsAsync(Http, stream, Delivery);

    /// <summary>Writes an error body in the wire profile's shape, delivered as <see cref="Delivery"/> says.</summary>
    public Task WriteErrorAsync(int status, string message, string type, string? code) =>
        WriteJsonAsync(status, ErrorJson.Write(Style.Errors, status, message, type, code));
}
