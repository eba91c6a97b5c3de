using System;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Finds out what an OpenAI-compatible endpoint can do, and proposes the <see cref="CustomQuirkProfile"/> that suits
/// it: a short, bounded battery of requests made with the connector's own clients, with retries, failover and the
/// circuit breaker turned off so that every failure is visible.
/// </summary>
/// <remarks>
/// <para>The checks, in order (see <see cref="CustomProbeCheckNames"/>): the model list; chat; streaming; usage in
/// streams; tool calling, streamed and not; parallel tool calls; JSON mode; JSON schema; reasoning; and, when an
/// embedding model is given, float and base64 embeddings, shortened vectors and the largest batch (found by doubling
/// then bisection, at most 24 requests). Finally, whether any response carried rate-limit headers.</para>
/// <para>Each chat check makes one or two small requests (at most 2048 output tokens), so a probe of a hosted model
/// costs next to nothing; the batch-size search embeds up to a few thousand short strings.</para>
/// <para>A capability that fails is a result, never an exception. When nothing answers at all the remaining checks
/// are skipped and <see cref="CustomProbeReport.EndpointReachable"/> is false.</para>
/// </remarks>
public static class CustomEndpointProbe
{
    /// <summary>Runs the probe.</summary>
    /// <param name="options">What to probe. A copy is taken.</param>
    /// <param name="cancellationToken">Stops the probe; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The checks and the proposed quirk profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<CustomProbeReport> RunAsync(CustomProbeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        using var session = new ProbeSession(options.Clone(), cancellationToken);
        return await session.RunAsync().ConfigureAwait(false);
    }
}
