using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>Error bodies in each profile's shape (see <see cref="ErrorShape"/>).</summary>
internal static class ErrorJson
{
    public static byte[] Write(ErrorShape shape, int status, string message, string type, string? code) => WireJson.Write((shape, status, message, type, code), static (writer, s) =>
    {
        writer.WriteStartObject();
        switch (s.shape)
        {
            case ErrorShape.Text:
                writer.WriteString("error", s.message);
                break;
            case ErrorShape.OpenRouter:
                writer.WriteStartObject("error");
                writer.WriteNumber("code", s.status);
                writer.WriteString("message", s.message);
                writer.WriteEndObject();
                break;
            case ErrorShape.StatusCodeAndType:
                writer.WriteStartObject("error");
                writer.WriteNumber("code", s.status);
                writer.WriteString("message", s.message);
                writer.WriteString("type", s.type);
                writer.WriteEndObject();
                break;
            case ErrorShape.Flat:
                writer.WriteString("object", "error");
                writer.WriteString("message", s.message);
                writer.WriteString("type", s.type);
                writer.WriteNull("param");
                writer.WriteString("code", s.code ?? s.status.ToString(CultureInfo.InvariantCulture));
                break;
            case ErrorShape.IntegerCode:
                writer.WriteStartObject("error");
                writer.WriteString("message", s.message);
                writer.WriteString("type", s.status switch
                {
                    404 => "NotFoundError",
                    >= 500 => "InternalServerError",
                    _ => "BadRequestError",
                });
                writer.WriteNull("param");
                writer.WriteNumber("code", s.status);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject("error");
                writer.WriteString("message", s.message);
                writer.WriteString("type", s.type);
                writer.WriteNull("param");
                if (s.code is null || s.shape == ErrorShape.OpenAINullCode)
                {
                    writer.WriteNull("code");
                }
                else
                {
                    writer.WriteString("code", s.code);
                }

                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    });
}
