using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>
/// The adaptations <see cref="QuirkNegotiator"/> can learn, as short words an instance can publish and another can
/// apply to its own configured profile: <c>tool_schemas=none</c>, <c>tools_streaming=off</c>,
/// <c>stream_options=off</c>, <c>max_tokens_parameter=max_tokens</c> or <c>=max_completion_tokens</c>,
/// <c>tool_call_ids=nine_alphanumerics</c>, and <c>drop=FIELD</c>. A word this version does not know (published by a
/// newer one) is ignored.
/// </summary>
internal static class QuirkAdaptations
{
    /// <summary>What <paramref name="adapted"/> learned on top of <paramref name="configured"/>.</summary>
    public static IReadOnlyList<string> Between(CustomQuirkProfile configured, CustomQuirkProfile adapted)
    {
        var words = new List<string>();
        if (adapted.ToolSchemaFeatures == ToolSchemaFeatures.None && configured.ToolSchemaFeatures != ToolSchemaFeatures.None)
        {
            words.Add("tool_schemas=none");
        }

        if (!adapted.SupportsToolCallsWhenStreaming && configured.SupportsToolCallsWhenStreaming)
        {
            words.Add("tools_streaming=off");
        }

        if (!adapted.SupportsStreamOptions && configured.SupportsStreamOptions)
        {
            words.Add("stream_options=off");
        }

        if (adapted.MaxTokensParameter != configured.MaxTokensParameter)
        {
            words.Add(adapted.MaxTokensParameter == MaxTokensParameter.MaxCompletionTokens ? "max_tokens_parameter=max_completion_tokens" : "max_tokens_parameter=max_tokens");
        }

        if (adapted.ToolCallIdFormat == ToolCallIdFormat.NineAlphanumerics && configured.ToolCallIdFormat != ToolCallIdFormat.NineAlphanumerics)
        {
            words.Add("tool_call_ids=nine_alphanumerics");
        }

        foreach (var field in adapted.DroppedParameters)
        {
            if (!configured.DroppedParameters.Contains(field))
            {
                words.Add("drop=" + field);
            }
        }

        return words;
    }

    /// <summary>The configured profile with the adaptations applied.</summary>
    public static CustomQuirkProfile Apply(CustomQuirkProfile configured, IEnumerable<string> words)
    {
        var profile = configured.Clone();
        foreach (var word in words)
        {
            switch (word)
            {
                case "tool_schemas=none":
                    profile.ToolSchemaFeatures = ToolSchemaFeatures.None;
                    break;
                case "tools_streaming=off":
                    profile.SupportsToolCallsWhenStreaming = false;
                    break;
                case "stream_options=off":
                    profile.SupportsStreamOptions = false;
                    break;
                case "max_tokens_parameter=max_tokens":
                    profile.MaxTokensParameter = MaxTokensParameter.MaxTokens;
                    break;
                case "max_tokens_parameter=max_completion_tokens":
                    profile.MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens;
                    break;
                case "tool_call_ids=nine_alphanumerics":
                    profile.ToolCallIdFormat = ToolCallIdFormat.NineAlphanumerics;
                    break;
                case ['d', 'r', 'o', 'p', '=', .. var field] when field.Length > 0 && !profile.DroppedParameters.Contains(field):
                    profile.DroppedParameters.Add(field);
                    break;
                default:
                    // Already applied, or learned by a newer version: nothing this one knows how to do.
                    break;
            }
        }

        return profile;
    }
}
