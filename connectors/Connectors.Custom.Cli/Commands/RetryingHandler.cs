using System.Net;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Retries a request on a connection failure or a 429/500/502/503/504, up to a number of times, for the
/// <c>probe</c> command (the connector's own clients have their resilience pipeline; the probe sends each check once).</summary>
/// <remarks>Waits the server's <c>Retry-After</c> (at most 5 s) or 0.5 s, 1 s, 2 s…</remarks>
internal sealed class RetryingHandler(int retries) : DelegatingHandler
{
    private static readonly TimeSpan s_maxWait = TimeSpan.FromSeconds(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < retries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
                continue;
            }

            if (attempt >= retries || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta is { } delta && delta <= s_maxWait ? delta : Backoff(attempt);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(500 * (1 << attempt), s_maxWait.TotalMilliseconds));
}
