using Connectors.Custom.Testing;

namespace Connectors.Custom.Cli.Tests;

/// <summary>The probe's Responses checks against the local server's <c>/v1/responses</c>: whether it is served, and
/// whether the server keeps responses for <c>previous_response_id</c>.</summary>
public sealed class ProbeResponsesTests
{
    [Theory]
    [InlineData(WireProfile.OpenAI, CustomProbeOutcome.Supported, CustomProbeOutcome.Supported, "\"Responses\": \"Stateful\"")]
    [InlineData(WireProfile.LMStudio, CustomProbeOutcome.Supported, CustomProbeOutcome.Supported, "\"Responses\": \"Stateful\"")]
    [InlineData(WireProfile.Ollama, CustomProbeOutcome.Supported, CustomProbeOutcome.NotSupported, null)]
    [InlineData(WireProfile.Vllm, CustomProbeOutcome.Supported, CustomProbeOutcome.NotSupported, null)]
    [InlineData(WireProfile.OpenRouter, CustomProbeOutcome.Supported, CustomProbeOutcome.NotSupported, null)]
    [InlineData(WireProfile.DeepSeek, CustomProbeOutcome.NotSupported, CustomProbeOutcome.Skipped, null)]
    public async Task Probe_ReportsResponsesSupportAndState(WireProfile profile, CustomProbeOutcome served, CustomProbeOutcome state, string? proposed)
    {
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { WireProfile = profile });

        var report = await CustomEndpointProbe.RunAsync(new CustomProbeOptions
        {
            Endpoint = server.BaseAddress,
            ModelId = LocalServerOptions.DefaultChatModelId,
            CheckTimeout = TimeSpan.FromSeconds(10),
        });

        Assert.Equal(served, report.GetCheck(CustomProbeCheckNames.Responses)!.Outcome);
        var stateCheck = report.GetCheck(CustomProbeCheckNames.ResponsesState)!;
        Assert.True(state == stateCheck.Outcome, stateCheck.Detail);
        var quirks = report.ToQuirksJson();
        if (proposed is null)
        {
            Assert.DoesNotContain("\"Responses\"", quirks, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(proposed, quirks, StringComparison.Ordinal);
            Assert.Equal(ResponsesSupport.Stateful, report.CreateQuirkProfile().Responses);
        }
    }
}
