using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>Writes the faults that replace the answer entirely: rate limits, server errors, an HTML error page, and
/// a connection reset before any response.</summary>
internal static class FaultResponses
{
    private static readonly byte[] s_htmlPage = Encoding.ASCII.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    /// <summary>Writes <paramref name="decision"/>'s fault; returns false for faults that are not of this kind.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, FaultDecision decision, FaultOptions options, string model)
    {
        var response = context.Response;
        switch (decision.Kind)
        {
            case FaultKind.RateLimitRetryAfterSeconds:
                response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteRateLimitAsync(context, model, TimeSpan.FromSeconds(options.RetryAfterSeconds)).ConfigureAwait(false);
                return true;
            case FaultKind.RateLimitRetryAfterMs:
                response.Headers["retry-after-ms"] = options.RetryAfterMilliseconds.ToString(CultureInfo.InvariantCulture);
                await WriteRateLimitAsync(context, model, TimeSpan.FromMilliseconds(options.RetryAfterMilliseconds)).ConfigureAwait(false);
                return true;
            case FaultKind.RateLimitResetHeaders:
                response.Headers["x-ratelimit-limit-requests"] = "60";
                response.Headers["x-ratelimit-remaining-requests"] = "0";
                response.Headers["x-ratelimit-reset-requests"] = FormatGoDuration(options.RateLimitReset);
                await WriteRateLimitAsync(context, model, options.RateLimitReset).ConfigureAwait(false);
                return true;
            case FaultKind.ServerError:
                var (message, code) = decision.ServerErrorStatus switch
                {
                    StatusCodes.Status502BadGateway => ("Bad gateway: the upstream model server did not answer.", (string?)null),
                    StatusCodes.Status503ServiceUnavailable => ("The engine is currently overloaded, please try again later.", "overloaded"),
                    _ => ("The server had an error while processing your request. Sorry about that!", null),
                };
                await ResponseWriter.WriteJsonAsync(context, decision.ServerErrorStatus, WireJson.Error(message, "server_error", code), ResponseMode.Normal, default).ConfigureAwait(false);
                return true;
            case FaultKind.HtmlErrorPage:
                response.StatusCode = StatusCodes.Status502BadGateway;
                response.ContentType = "text/html";
                response.ContentLength = s_htmlPage.Length;
                await response.Body.WriteAsync(s_htmlPage, context.RequestAborted).ConfigureAwait(false);
                return true;
            case FaultKind.ResetBeforeHeaders:
                context.Abort();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Formats a duration the way OpenAI's <c>x-ratelimit-reset-*</c> headers do: <c>1s</c>, <c>250ms</c>, <c>1.5s</c>.</summary>
    public static string FormatGoDuration(TimeSpan duration) => duration < TimeSpan.FromSeconds(1) && duration > TimeSpan.Zero
        ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
        : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static Task WriteRateLimitAsync(HttpContext context, string model, TimeSpan wait)
    {
        var body = WireJson.Error(
            $"Rate limit reached for {model} on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in {FormatGoDuration(wait)}.",
            "requests",
            "rate_limit_exceeded");
        return ResponseWriter.WriteJsonAsync(context, StatusCodes.Status429TooManyRequests, body, ResponseMode.Normal, default);
    }
}
