using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Reads a streamed transcription (<c>transcript.text.delta</c> events, then <c>transcript.text.done</c>) into updates
/// as they arrive, under its <see cref="OperationLease"/>: a stream without <c>done</c> is truncated, an error event
/// fails the call, and a server that answered with a whole body is read as one update.
/// </summary>
/// <remarks>Not thread-safe: one consumer.</remarks>
internal sealed class TranscriptStreamReader : IAsyncDisposable
{
    private readonly OperationLease _lease;
    private readonly TranscriptionEndpoint _endpoint;
    private readonly TranscriptionRequest _request;
    private readonly AudioUpload _audio;
    private readonly int _maxEventBytes;
    private readonly long _maxStreamBytes;
    private readonly StringBuilder _text = new();
    private Stream? _body;
    private SseEventReader? _events;
    private bool _finished;

    public TranscriptStreamReader(OperationLease lease, TranscriptionEndpoint endpoint, TranscriptionRequest request, AudioUpload audio, int maxEventBytes, long maxStreamBytes)
    {
        _lease = lease;
        _endpoint = endpoint;
        _request = request;
        _audio = audio;
        _maxEventBytes = maxEventBytes;
        _maxStreamBytes = maxStreamBytes;
    }

    public SpeechToTextResponseUpdate Current { get; private set; } = null!;

    /// <exception cref="CustomProtocolException">The stream ended without <c>transcript.text.done</c>, or an event was invalid.</exception>
    /// <exception cref="CustomEndpointException">The server reported an error inside the stream.</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return false;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_events is null && !IsEventStream())
            {
                return await ReadWholeAsync().ConfigureAwait(false);
            }

            _body ??= await _lease.Response.Content.ReadAsStreamAsync(_lease.Token).ConfigureAwait(false);
            _events ??= new SseEventReader(_body, _maxEventBytes, _maxStreamBytes);
            while (true)
            {
                _lease.Touch();
                using var joined = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_lease.Token, cancellationToken) : null;
                if (!await _events.ReadAsync(joined?.Token ?? _lease.Token).ConfigureAwait(false))
                {
                    throw new CustomProtocolException(CustomProtocolErrorKind.StreamTruncated, $"The transcription stream from {_lease.Endpoint} ended without 'transcript.text.done'.");
                }

                var data = _events.Data;
                var parsed = TranscriptionParser.ParseEvent(data);
                switch (parsed.Kind)
                {
                    case TranscriptEventKind.Delta when !string.IsNullOrEmpty(parsed.Text):
                        _text.Append(parsed.Text);
                        Current = new SpeechToTextResponseUpdate(parsed.Text) { Kind = SpeechToTextResponseUpdateKind.TextUpdating, ModelId = _endpoint.ModelId };
                        return true;
                    case TranscriptEventKind.Done:
                        Finish(parsed.Usage, parsed.Duration, parsed.Text ?? _text.ToString());
                        return true;
                    case TranscriptEventKind.Error:
                        throw _endpoint.Api.CreateInBandException(data.Span, "in its transcription stream", _lease.Response);
                    default:
                        continue;
                }
            }
        }
        catch (Exception ex) when (!_lease.Ended)
        {
            _finished = true;
            throw _lease.Fail(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events?.Dispose();
        if (_body is not null)
        {
            await _body.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool IsEventStream() => _lease.Response.Content.Headers.ContentType?.MediaType is "text/event-stream";

    /// <summary>A server that does not stream transcriptions answers whole even when asked to stream.</summary>
    private async Task<bool> ReadWholeAsync()
    {
        using var body = await _endpoint.Api.ReadBodyAsync(_lease.Response, _lease.Token).ConfigureAwait(false);
        var transcript = _endpoint.Read(body, _request, _lease.Response);
        _text.Append(transcript.Text);
        Finish(transcript.Usage, transcript.Duration, transcript.Text);
        Current.Contents.Insert(0, new TextContent(transcript.Text));
        return true;
    }

    /// <summary>Records the success and makes the closing update: usage, endpoint, attempts and cost (no text: the
    /// deltas carried it).</summary>
    private void Finish(UsageDetails? usage, TimeSpan? duration, string text)
    {
        _finished = true;
        var transcript = new Transcript(text, null, duration, [], [], usage);
        var cost = _lease.Complete(CustomSpeechToTextClient.Summarize(transcript, _audio));
        var update = new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionClose, ModelId = _endpoint.ModelId, EndTime = duration };
        if (usage is not null)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        update.AdditionalProperties = CallProperties.Create(_lease.Endpoint, _lease.Attempts, cost);
        Current = update;
    }
}
