using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/images/generations</c>: <c>n</c> PNG images of the requested size (or aspect ratio, xAI's
/// form) as <c>b64_json</c>, drawn deterministically from the prompt (<see cref="PngImage"/>); image <c>i</c> of a request
/// is drawn from the prompt and its index, so the images of one request differ.</summary>
internal sealed class ImagesHandler(TimeProvider time) : IEndpointHandler
{
    public const string DefaultModel = "local-image";

    public string Method => HttpMethods.Post;

    public string Path => "/v1/images/generations";

    public EndpointRead Read(RecordedRequest request) =>
        ImageRequest.TryRead(request.Body, DefaultModel, out var image, out var error)
            ? EndpointRead.Answer(new EndpointCall(image!.Model, Faultable: true, ServedAs.ImageGeneration, answer => AnswerAsync(answer, image)))
            : EndpointRead.Invalid(error!);

    private Task AnswerAsync(AnswerContext context, ImageRequest image)
    {
        var body = WireJson.Write((Image: image, Created: time.GetUtcNow().ToUnixTimeSeconds()), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", s.Created);
            writer.WriteStartArray("data");
            for (var i = 0; i < s.Image.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("b64_json", PngImage.Create(i == 0 ? s.Image.Prompt : $"{s.Image.Prompt}#{i}", s.Image.Width, s.Image.Height));
                writer.WriteString("revised_prompt", s.Image.Prompt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return context.WriteJsonAsync(StatusCodes.Status200OK, body);
    }
}
