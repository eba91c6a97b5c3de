using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;

namespace Connectors.Custom;

/// <summary>Reads how long a server asked clients to wait, from the headers providers use for it.</summary>
/// <remarks>Order (as the OpenAI SDKs read them): <c>retry-after-ms</c>; <c>Retry-After</c> as seconds or an HTTP
/// date; then, for a 429 only, the longer of OpenAI's <c>x-ratelimit-reset-requests</c> /
/// <c>x-ratelimit-reset-tokens</c>, which are Go-style durations (<c>6m0s</c>, <c>1s</c>, <c>250ms</c>, <c>2m59.56s</c>).
/// Those two come on every OpenAI response and say when a budget refills completely, so on any other failure they are
/// not a request to wait. Dates in the past count as zero.</remarks>
internal static class RetryAfterParser
{
    public static TimeSpan? Read(HttpResponseHeaders headers, TimeProvider timeProvider, HttpStatusCode status)
    {
        if (First(headers, "retry-after-ms") is { } milliseconds
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && TryFromMilliseconds(ms, out var fromMilliseconds))
        {
            return fromMilliseconds;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - timeProvider.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        if (status != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        TimeSpan? reset = null;
        foreach (var name in (ReadOnlySpan<string>)["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"])
        {
            if (First(headers, name) is { } text && TryParseGoDuration(text, out var duration) && (reset is null || duration > reset))
            {
                reset = duration;
            }
        }

        return reset;
    }

    /// <summary>Parses durations such as <c>6m0s</c>, <c>1.5s</c>, <c>250ms</c>, <c>1h2m</c>, or plain seconds.</summary>
    public static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return TryFromMilliseconds(plainSeconds * 1000, out duration);
        }

        double totalMilliseconds = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(span[..numberLength], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            var factor = span[..unitLength] switch
            {
                "h" => 3_600_000d,
                "m" => 60_000d,
                "s" => 1_000d,
                "ms" => 1d,
                "us" or "µs" => 0.001,
                "ns" => 0.000001,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            totalMilliseconds += value * factor;
            span = span[unitLength..];
        }

        return TryFromMilliseconds(totalMilliseconds, out duration);
    }

    /// <summary>A server's number as a delay: false for a negative or not-a-number value; a value beyond what a
    /// <see cref="TimeSpan"/> holds (<c>1e999</c> parses as infinity) is the longest delay, which callers cap. Found by
    /// fuzzing: such values used to throw <see cref="OverflowException"/> or <see cref="ArgumentException"/>.</summary>
    private static bool TryFromMilliseconds(double milliseconds, out TimeSpan delay)
    {
        delay = milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue
            : milliseconds >= 0 ? TimeSpan.FromMilliseconds(milliseconds)
            : TimeSpan.Zero;
        return milliseconds >= 0;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
