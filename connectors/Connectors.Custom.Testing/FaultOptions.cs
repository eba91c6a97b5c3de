using System;
using System.Collections.Generic;
using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>Which failures <see cref="LocalOpenAIServer"/> injects, how often, and with which parameters.</summary>
/// <remarks>
/// <para>Faults apply to <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>; <c>GET /v1/models</c> and
/// invalid requests (answered with 400) are never faulted. Each request gets at most one fault.</para>
/// <para>For each request, <see cref="Override"/> is asked first; when it returns null (or is not set), one number
/// is drawn from a <see cref="Random"/> seeded with <see cref="Seed"/> and compared against
/// <see cref="Probabilities"/> taken in <see cref="FaultKind"/> order. Draws happen in the order requests arrive, so
/// a seeded server injects the same sequence of faults into the same sequence of requests.</para>
/// <para>The server copies these settings when it starts; later changes have no effect (use <see cref="Override"/>
/// to change behaviour while it runs).</para>
/// <para>Injected error bodies (429s and 5xx) follow the server's <see cref="LocalServerOptions.WireProfile"/>, as the
/// chat script's failures do: a client parses one error shape per provider, and providers shape their rate-limit and
/// server errors like their other errors. <see cref="FaultKind.HtmlErrorPage"/> stays HTML: it imitates a proxy in
/// front of any provider. Every fault ends within its configured durations (all at most
/// <see cref="MaxStallDuration"/>), so a run with faults never waits on the connector's own long timeouts.</para>
/// </remarks>
public sealed class FaultOptions
{
    private static readonly FaultKind[] s_allKinds = Enum.GetValues<FaultKind>();

    /// <summary>Gets the probability of each fault kind, each between 0 and 1, together at most 1.</summary>
    /// <value>Empty by default: no random faults.</value>
    public IDictionary<FaultKind, double> Probabilities { get; } = new Dictionary<FaultKind, double>();

    /// <summary>Gets or sets the seed of the fault random, for reproducible fault sequences.</summary>
    /// <value>Null by default: a randomly seeded <see cref="Random"/>.</value>
    public int? Seed { get; set; }

    /// <summary>Gets or sets a function that chooses the fault for a request before the probabilities are consulted;
    /// a null result falls through to the probabilities. Called concurrently, once per faultable request.</summary>
    /// <value>Null by default.</value>
    public Func<RecordedRequest, FaultKind?>? Override { get; set; }

    /// <summary>Gets or sets the wait <see cref="FaultKind.RateLimitRetryAfterSeconds"/> asks for, sent as
    /// <c>Retry-After</c> in whole seconds (rounded up).</summary>
    /// <value>1 second by default.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the wait <see cref="FaultKind.RateLimitRetryAfterMs"/> asks for, sent as
    /// <c>retry-after-ms</c> in whole milliseconds (rounded up).</summary>
    /// <value>250 milliseconds by default.</value>
    public TimeSpan RetryAfterMs { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the value of <c>x-ratelimit-reset-requests</c> for <see cref="FaultKind.RateLimitResetHeaders"/>,
    /// written as a Go-style duration (<c>1s</c>, <c>250ms</c>, <c>1.5s</c>).</summary>
    /// <value>1 second by default.</value>
    public TimeSpan RateLimitReset { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long <see cref="FaultKind.SlowFirstByte"/> waits before answering.</summary>
    /// <value>1 second by default.</value>
    public TimeSpan SlowFirstByteDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long <see cref="FaultKind.StallMidStream"/> sends nothing before the server aborts
    /// the connection (sooner when the client leaves or the server stops). At most <see cref="MaxStallDuration"/>.</summary>
    /// <value>2 seconds by default: long enough for a client's idle timeout of a second or so to notice, short enough
    /// that a client with the connector's default (minutes-long) timeouts sees a dropped connection within seconds
    /// and retries, instead of waiting for minutes.</value>
    public TimeSpan StallDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest <see cref="StallDuration"/> allowed: every stall ends.</summary>
    public static TimeSpan MaxStallDuration { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Sets every fault kind to the same probability, <paramref name="totalRate"/> divided by the number of
    /// kinds, so that about <paramref name="totalRate"/> of all faultable requests fail in some way.</summary>
    /// <param name="totalRate">The share of requests to fault, between 0 and 1.</param>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalRate"/> is not between 0 and 1.</exception>
    public FaultOptions SpreadEvenly(double totalRate)
    {
        if (!(totalRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(totalRate), totalRate, "The fault rate must be between 0 and 1.");
        }

        foreach (var kind in s_allKinds)
        {
            Probabilities[kind] = totalRate / s_allKinds.Length;
        }

        return this;
    }

    /// <summary>Checks every setting; the message names the one that is wrong.</summary>
    internal void Validate()
    {
        double sum = 0;
        foreach (var (kind, probability) in Probabilities)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"FaultOptions.Probabilities has an unknown fault kind {(int)kind}.", nameof(Probabilities));
            }

            if (!(probability is >= 0 and <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FaultOptions.Probabilities[{kind}] must be between 0 and 1; got {probability}."), nameof(Probabilities));
            }

            sum += probability;
        }

        if (sum > 1 + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FaultOptions.Probabilities must sum to at most 1; they sum to {sum}."), nameof(Probabilities));
        }

        Require(RetryAfter, nameof(RetryAfter), MaxStallDuration);
        Require(RetryAfterMs, nameof(RetryAfterMs), MaxStallDuration);
        Require(RateLimitReset, nameof(RateLimitReset), MaxStallDuration);
        Require(SlowFirstByteDelay, nameof(SlowFirstByteDelay), MaxStallDuration);
        Require(StallDuration, nameof(StallDuration), MaxStallDuration);

        static void Require(TimeSpan value, string setting, TimeSpan max)
        {
            if (value < TimeSpan.Zero || value > max)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FaultOptions.{setting} must be between 0 and {max}; got {value}."), setting);
            }
        }
    }

    /// <summary>Copies the settings, so that later changes to this instance do not reach a running server.</summary>
    internal FaultOptions Clone()
    {
        var copy = new FaultOptions
        {
            Seed = Seed,
            Override = Override,
            RetryAfter = RetryAfter,
            RetryAfterMs = RetryAfterMs,
            RateLimitReset = RateLimitReset,
            SlowFirstByteDelay = SlowFirstByteDelay,
            StallDuration = StallDuration,
        };
        foreach (var (kind, probability) in Probabilities)
        {
            copy.Probabilities[kind] = probability;
        }

        return copy;
    }
}
