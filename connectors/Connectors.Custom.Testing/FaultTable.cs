using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>What each <see cref="FaultKind"/> does, in one table: replace the answer with an error (or a reset), or
/// deliver the answer broken or late.</summary>
/// <remarks>
/// <para><see cref="For"/> is a switch expression with no discard arm: a new <see cref="FaultKind"/> fails to compile
/// (CS8509, an error with warnings as errors) until its row is written here. CS8524 (values outside the enum) is off
/// because such values are refused where they enter: <see cref="FaultOptions"/> validation and the injector's check of
/// <see cref="FaultOptions.Override"/>'s result.</para>
/// <para>Error bodies follow the wire profile's shape (a Mistral 429 is flat, an LM Studio 503 is <c>{"error":"text"}</c>);
/// the HTML page imitates a proxy, whoever the provider is.</para>
/// </remarks>
internal static class FaultTable
{
    private static readonly byte[] s_htmlPage = Encoding.ASCII.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

#pragma warning disable CS8524 // Undefined values never get here (see remarks); a missing named one still fails the build.
    public static FaultEffect For(FaultKind kind) => kind switch
    {
        FaultKind.RateLimitRetryAfterSeconds => FaultEffect.Replace(static fault =>
        {
            fault.Http.Response.Headers.RetryAfter = Math.Ceiling(fault.Options.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return WriteRateLimitAsync(fault, fault.Options.RetryAfter);
        }),
        FaultKind.RateLimitRetryAfterMs => FaultEffect.Replace(static fault =>
        {
            fault.Http.Response.Headers["retry-after-ms"] = Math.Ceiling(fault.Options.RetryAfterMs.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            return WriteRateLimitAsync(fault, fault.Options.RetryAfterMs);
        }),
        FaultKind.RateLimitResetHeaders => FaultEffect.Replace(static fault =>
        {
            var headers = fault.Http.Response.Headers;
            headers["x-ratelimit-limit-requests"] = "60";
            headers["x-ratelimit-remaining-requests"] = "0";
            headers["x-ratelimit-reset-requests"] = FormatGoDuration(fault.Options.RateLimitReset);
            return WriteRateLimitAsync(fault, fault.Options.RateLimitReset);
        }),
        FaultKind.ServerError => FaultEffect.Replace(static fault =>
        {
            var (message, code) = fault.Decision.ServerErrorStatus switch
            {
                StatusCodes.Status502BadGateway => ("Bad gateway: the upstream model server did not answer.", (string?)null),
                StatusCodes.Status503ServiceUnavailable => ("The engine is currently overloaded, please try again later.", "overloaded"),
                _ => ("The server had an error while processing your request. Sorry about that!", null),
            };
            return fault.WriteErrorAsync(fault.Decision.ServerErrorStatus, message, "server_error", code);
        }),
        FaultKind.HtmlErrorPage => FaultEffect.Replace(static async fault =>
        {
            var response = fault.Http.Response;
            response.StatusCode = StatusCodes.Status502BadGateway;
            response.ContentType = "text/html";
            response.ContentLength = s_htmlPage.Length;
            await response.Body.WriteAsync(s_htmlPage, fault.Http.RequestAborted).ConfigureAwait(false);
        }),
        FaultKind.ResetBeforeHeaders => FaultEffect.Replace(static fault =>
        {
            fault.Http.Abort();
            return Task.CompletedTask;
        }),
        FaultKind.SlowFirstByte => FaultEffect.Deliver(ResponseMode.Normal, waitFirst: true),
        FaultKind.DropMidStream => FaultEffect.Deliver(ResponseMode.DropMidway),
        FaultKind.StallMidStream => FaultEffect.Deliver(ResponseMode.StallMidway),
        FaultKind.MalformedJson => FaultEffect.Deliver(ResponseMode.Truncated),
    };
#pragma warning restore CS8524

    /// <summary>Formats a duration the way OpenAI's <c>x-ratelimit-reset-*</c> headers do: <c>1s</c>, <c>250ms</c>, <c>1.5s</c>.</summary>
    private static string FormatGoDuration(TimeSpan duration) => duration < TimeSpan.FromSeconds(1) && duration > TimeSpan.Zero
        ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
        : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static Task WriteRateLimitAsync(FaultContext fault, TimeSpan wait) => fault.WriteErrorAsync(
        StatusCodes.Status429TooManyRequests,
        $"Rate limit reached for {fault.Model} on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in {FormatGoDuration(wait)}.",
        "requests",
        "rate_limit_exceeded");
}

/// <summary>One row of <see cref="FaultTable"/>: either an answer that replaces the normal one, or how to deliver the
/// normal one.</summary>
/// <param name="ReplaceAsync">Writes the fault instead of the answer, or null to deliver the answer.</param>
/// <param name="Mode">How the answer is delivered when it is not replaced.</param>
/// <param name="WaitFirst">Whether to wait <see cref="FaultOptions.SlowFirstByteDelay"/> before answering.</param>
internal sealed record FaultEffect(Func<FaultContext, Task>? ReplaceAsync, ResponseMode Mode, bool WaitFirst)
{
    public static FaultEffect Replace(Func<FaultContext, Task> write) => new(write, ResponseMode.Normal, false);

    public static FaultEffect Deliver(ResponseMode mode, bool waitFirst = false) => new(null, mode, waitFirst);
}

/// <summary>What a fault that replaces the answer needs to write itself.</summary>
internal sealed record FaultContext(HttpContext Http, FaultDecision Decision, FaultOptions Options, WireStyle Style, string Model)
{
    /// <summary>Writes an error body in the wire profile's shape.</summary>
    public Task WriteErrorAsync(int status, string message, string type, string? code) =>
        ResponseWriter.WriteJsonAsync(Http, status, ErrorJson.Write(Style.Errors, status, message, type, code), Delivery.Whole(default));
}
