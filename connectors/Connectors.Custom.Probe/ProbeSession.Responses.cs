using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The Responses API checks: is <c>/responses</c> served, and does the server keep responses.</summary>
internal sealed partial class ProbeSession
{
    private async Task RunResponsesChecksAsync()
    {
        var served = await RunCheckAsync(CustomProbeCheckNames.Responses, CheckResponsesAsync).ConfigureAwait(false);
        if (served.Check.Outcome != CustomProbeOutcome.Supported)
        {
            // Nothing is proposed: chat completions, the default API, is unaffected, and the check says why.
            Add(CustomProbeCheckNames.ResponsesState, CustomProbeOutcome.Skipped, "the Responses API is not served", TimeSpan.Zero);
            return;
        }

        var state = await RunCheckAsync(CustomProbeCheckNames.ResponsesState, CheckResponsesStateAsync).ConfigureAwait(false);
        if (state.Check.Outcome == CustomProbeOutcome.Supported)
        {
            Propose(nameof(CustomQuirkProfile.Responses), q => q.Responses = ResponsesSupport.Stateful, "the server continued a stored response by previous_response_id, so UseServerState may be turned on.");
        }
    }

    private async Task<(CustomProbeOutcome, string)> CheckResponsesAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false, o => o.Api = ChatApi.Responses);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Reply with one word: pong")], new ChatOptions { MaxOutputTokens = AnswerTokens }, cancellationToken).ConfigureAwait(false);
        Remember(response.Text);
        return string.IsNullOrWhiteSpace(response.Text)
            ? (CustomProbeOutcome.Failed, $"an empty answer (finish reason {response.FinishReason?.Value ?? "none"})")
            : (CustomProbeOutcome.Supported, $"answered {ProbeText.Quote(response.Text)} (response id {response.ResponseId ?? "none"})");
    }

    /// <summary>Stores a response, then continues it sending only the new message. The connector falls back to the
    /// whole conversation when the server does not have it; the wire shows whether it had to.</summary>
    private async Task<(CustomProbeOutcome, string)> CheckResponsesStateAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false, o =>
        {
            o.Api = ChatApi.Responses;
            o.Quirks.Responses = ResponsesSupport.Stateful;
            o.UseServerState = true;
        });
        var options = new ChatOptions { MaxOutputTokens = AnswerTokens };
        List<ChatMessage> history = [new(ChatRole.User, "Remember the word kiwi. Reply with one word: ok")];
        var first = await client.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "Which word did I ask you to remember? Reply with that word only."));

        var since = _observer.Count;
        var second = await client.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        Remember(second.Text);
        var continued = _observer.Since(since).FirstOrDefault(e => Contains(e.RequestBody, "\"previous_response_id\":"));
        if (continued is null)
        {
            return (CustomProbeOutcome.Failed, $"the first response had no id the connector could continue (id {first.ResponseId ?? "none"})");
        }

        return continued.Status is >= 200 and < 300
            ? (CustomProbeOutcome.Supported, $"response {first.ResponseId} was kept and continued; the second answer was {ProbeText.Quote(second.Text)}")
            : (CustomProbeOutcome.NotSupported, $"continuing response {first.ResponseId} was refused with HTTP {continued.Status} ({ErrorText(continued)}); every request must carry the whole conversation");
    }
}
