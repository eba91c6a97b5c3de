using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace Connectors.Custom;

/// <summary>Turns what a check saw into the short sentences of its detail.</summary>
internal static class ProbeText
{
    private const int MaxQuoteLength = 120;
    private const int MaxDetailLength = 400;

    /// <summary>Quotes model output on one line, shortened.</summary>
    public static string Quote(string? text)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxQuoteLength ? $"\"{line}\"" : $"\"{line[..MaxQuoteLength]}…\"";
    }

    /// <summary>Bounds a detail so one verbose error page does not swamp the report.</summary>
    public static string Bound(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxDetailLength ? line : line[..MaxDetailLength] + "…";
    }

    /// <summary>Lists items, at most <paramref name="max"/> of them.</summary>
    public static string List(IReadOnlyCollection<string> items, int max = 8) =>
        items.Count <= max ? string.Join(", ", items) : $"{string.Join(", ", items.Take(max))} (+{items.Count - max} more)";

    /// <summary>Describes a failure: what it means for the check, and the server's own words.</summary>
    public static (CustomProbeOutcome Outcome, string Detail) Classify(Exception error) => error switch
    {
        CustomTimeoutException timeout => (CustomProbeOutcome.Failed, $"no answer within {Seconds(timeout.Limit)}"),
        CustomEndpointException { StatusCode: null } endpoint => (CustomProbeOutcome.Failed, endpoint.Message),
        CustomEndpointException endpoint when IsRejection(endpoint.StatusCode.Value) =>
            (CustomProbeOutcome.NotSupported, $"rejected with HTTP {(int)endpoint.StatusCode.Value}: {ProviderText(endpoint)}"),
        CustomEndpointException { IsInBandError: true } endpoint => (CustomProbeOutcome.Failed, $"the server reported an error: {ProviderText(endpoint)}"),
        CustomEndpointException endpoint => (CustomProbeOutcome.Failed, $"HTTP {(int)endpoint.StatusCode!.Value}: {ProviderText(endpoint)}"),
        CustomProtocolException protocol => (CustomProbeOutcome.Failed, $"unreadable answer ({protocol.Kind}): {protocol.Message}"),
        _ => (CustomProbeOutcome.Failed, $"{error.GetType().Name}: {error.Message}"),
    };

    /// <summary>Whether a status says "this request, as written, is not something I do" rather than "something broke".</summary>
    public static bool IsRejection(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotImplemented;

    /// <summary>The provider's own error text when it sent one, else the connector's message.</summary>
    public static string ProviderText(CustomEndpointException error) => error.ProviderError?.Message ?? error.Message;

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
