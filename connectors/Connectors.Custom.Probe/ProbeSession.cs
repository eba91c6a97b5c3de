using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>One run of <see cref="CustomEndpointProbe"/>: the observed HTTP client, the checks so far, and the quirk
/// profile being proposed. Checks run one after another, so nothing here is shared between threads.</summary>
internal sealed partial class ProbeSession : IDisposable
{
    private readonly CustomProbeOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly ProbeObserver _observer;
    private readonly HttpClient _http;
    private readonly RequestHeaders _headers;
    private readonly List<CustomProbeCheck> _checks = [];
    private readonly List<string> _reasons = [];
    private readonly List<string> _answers = [];
    private CustomQuirkProfile _quirks = new();
    private IReadOnlyList<string> _modelIds = [];
    private int? _maxEmbeddingInputs;

    public ProbeSession(CustomProbeOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellation = cancellationToken;
        _headers = new RequestHeaders(options.ApiKeyHeader, options.ApiKeyScheme, options.ApiKey, keyProvider: null, extra: []);

        // Always an observer: the connector's clients recover from some rejections on their own, and the wire is the
        // only place those rejections (and the rate-limit headers) can be seen.
        HttpMessageHandler inner = options.HttpClient is { } client
            ? new ProbeForwardingHandler(client)
            : new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All, MaxResponseHeadersLength = SharedHttpClient.MaxResponseHeadersKilobytes };
        _observer = new ProbeObserver(inner);
        _http = new HttpClient(_observer, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<CustomProbeReport> RunAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await CheckModelsAsync().ConfigureAwait(false);
        await CheckChatAsync().ConfigureAwait(false);

        // Nothing answered: every further check would only wait for its own timeout to say the same.
        var reachable = _observer.ResponseCount > 0;
        if (reachable)
        {
            await RunChatChecksAsync().ConfigureAwait(false);
            await RunResponsesChecksAsync().ConfigureAwait(false);
            await RunEmbeddingChecksAsync().ConfigureAwait(false);
            CheckRateLimitHeaders();
            ProposeFromAnswers();
        }
        else
        {
            foreach (var name in (ReadOnlySpan<string>)[
                CustomProbeCheckNames.Streaming, CustomProbeCheckNames.StreamingUsage, CustomProbeCheckNames.ToolCalling,
                CustomProbeCheckNames.ToolCallingStreaming, CustomProbeCheckNames.ParallelToolCalls, CustomProbeCheckNames.JsonMode,
                CustomProbeCheckNames.JsonSchema, CustomProbeCheckNames.Reasoning, CustomProbeCheckNames.Responses,
                CustomProbeCheckNames.ResponsesState, CustomProbeCheckNames.EmbeddingsFloat,
                CustomProbeCheckNames.EmbeddingsBase64, CustomProbeCheckNames.EmbeddingDimensions, CustomProbeCheckNames.EmbeddingBatchSize,
                CustomProbeCheckNames.RateLimitHeaders])
            {
                Add(name, CustomProbeOutcome.Skipped, "the endpoint could not be reached", TimeSpan.Zero);
            }
        }

        return new CustomProbeReport(
            EndpointAddress.Sanitize(_options.Endpoint!),
            _options.ModelId!,
            _options.EmbeddingModelId,
            reachable,
            _checks.ToArray(),
            _modelIds,
            _observer.RateLimitHeaders,
            _maxEmbeddingInputs,
            _quirks.Clone(),
            _reasons.ToArray(),
            Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Runs one check within the per-check timeout. A failing capability is a result, never an exception;
    /// only the caller's cancellation escapes.</summary>
    /// <returns>The check, and the exception that ended it, if one did.</returns>
    private async Task<(CustomProbeCheck Check, Exception? Error)> RunCheckAsync(string name, Func<CancellationToken, Task<(CustomProbeOutcome Outcome, string Detail)>> check, TimeSpan? limit = null)
    {
        _cancellation.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var allowed = limit ?? _options.CheckTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        timeout.CancelAfter(allowed);
        CustomProbeOutcome outcome;
        string detail;
        Exception? error = null;
        try
        {
            (outcome, detail) = await check(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            error = ex;
            (outcome, detail) = (CustomProbeOutcome.Failed, $"no answer within {ProbeText.Seconds(allowed)}");
        }
#pragma warning disable CA1031 // Whatever a server does to a check is the check's result: the probe must not throw for it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
            (outcome, detail) = ProbeText.Classify(ex);
        }

        return (Add(name, outcome, detail, Stopwatch.GetElapsedTime(started)), error);
    }

    private CustomProbeCheck Add(string name, CustomProbeOutcome outcome, string detail, TimeSpan duration)
    {
        var check = new CustomProbeCheck(name, outcome, ProbeText.Bound(Redact(detail)), duration);
        _checks.Add(check);
        return check;
    }

    private CustomProbeCheck? Find(string name) => _checks.Find(c => c.Name == name);

    private bool Succeeded(string name) => Find(name)?.Outcome == CustomProbeOutcome.Supported;

    /// <summary>Records a proposed change and why; the first reason given for a field is the one kept.</summary>
    private void Propose(string field, Action<CustomQuirkProfile> change, string reason)
    {
        var next = _quirks.Clone();
        change(next);
        _quirks = next;
        var prefix = field + ": ";
        if (!_reasons.Exists(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _reasons.Add(Redact(ProbeText.Bound(prefix + reason)));
        }
    }

    /// <summary>Keeps the API key out of everything the report holds: some servers echo a rejected key.</summary>
    private string Redact(string text) => _headers.Redact(text);

    private void CheckRateLimitHeaders()
    {
        var names = _observer.RateLimitHeaders;
        if (names.Count > 0)
        {
            Add(CustomProbeCheckNames.RateLimitHeaders, CustomProbeOutcome.Supported, $"seen: {ProbeText.List(names, 12)}", TimeSpan.Zero);
        }
        else
        {
            Add(CustomProbeCheckNames.RateLimitHeaders, CustomProbeOutcome.NotSupported, $"none in {_observer.ResponseCount} responses (no x-ratelimit-*, ratelimit-* or retry-after*)", TimeSpan.Zero);
        }
    }

    /// <summary>Inline think tags anywhere in the answers mean the server has no reasoning parser for this model.</summary>
    private void ProposeFromAnswers()
    {
        var opens = _answers.Exists(a => a.Contains("<think>", StringComparison.Ordinal));
        var closesOnly = _answers.Exists(a => a.Contains("</think>", StringComparison.Ordinal) && !a.Contains("<think>", StringComparison.Ordinal));
        if (opens || closesOnly)
        {
            Propose(nameof(CustomQuirkProfile.SplitThinkTags), q => q.SplitThinkTags = true, "answers carried inline <think> reasoning, which would otherwise reach the user as answer text.");
        }

        if (closesOnly)
        {
            Propose(nameof(CustomQuirkProfile.ReplyMayStartInThink), q => q.ReplyMayStartInThink = true, "an answer held a closing </think> without the opening tag (the chat template opens the block in the prompt).");
        }
    }
}
