using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Custom.Tests.Resilience;

public sealed class RetryAfterParserTests
{
    private static TimeSpan? Read(string header, string value, HttpStatusCode status = HttpStatusCode.TooManyRequests)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation(header, value);
        return RetryAfterParser.Read(response.Headers, new FakeTimeProvider(), status);
    }

    [Theory]
    [InlineData("6m0s", 360_000)]
    [InlineData("2m59.56s", 179_560)]
    [InlineData("250ms", 250)]
    [InlineData("1.5", 1_500)]
    public void GoDurations_AreRead(string text, double milliseconds)
    {
        Assert.True(RetryAfterParser.TryParseGoDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    // Found by fuzzing: these threw OverflowException or ArgumentException out of the error path.
    [Theory]
    [InlineData("1e999")]
    [InlineData("01e999")]
    [InlineData("99999999999999999999h")]
    public void DurationsBeyondATimeSpan_AreTheLongestDelay(string text)
    {
        Assert.True(RetryAfterParser.TryParseGoDuration(text, out var duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
        Assert.Equal(TimeSpan.MaxValue, Read("x-ratelimit-reset-tokens", text));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("-Infinity")]
    public void NegativeOrNotANumber_IsNoDelay(string text)
    {
        Assert.False(RetryAfterParser.TryParseGoDuration(text, out _));
        Assert.Null(Read("retry-after-ms", text, HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public void RetryAfterMsBeyondATimeSpan_IsTheLongestDelay()
    {
        Assert.Equal(TimeSpan.MaxValue, Read("retry-after-ms", "1e400"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Read("retry-after-ms", "1500"));
    }
}
