using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>What a finished call reports for logs, usage records and cost.</summary>
/// <param name="Usage">The usage the server reported, if any.</param>
/// <param name="ResponseModel">The model the server says answered, if it said.</param>
/// <param name="FinishReason">The finish reason, if any.</param>
/// <param name="Text">The answer's text, for sensitive-content logging only.</param>
/// <param name="AudioSeconds">Seconds of audio transcribed, for models priced per audio minute.</param>
/// <param name="Characters">Characters spoken, for models priced per character.</param>
/// <param name="Images">Images generated, for models priced per image.</param>
/// <param name="SearchUnits">Rerank search units, for models priced per search unit.</param>
internal readonly record struct CallSummary(UsageDetails? Usage, string? ResponseModel, string? FinishReason, string? Text, double? AudioSeconds = null, long? Characters = null, long? Images = null, long? SearchUnits = null)
{
    /// <summary>Gets whether the call used something priced other than tokens.</summary>
    public bool IsMetered => AudioSeconds is not null || Characters is not null || Images is not null || SearchUnits is not null;
}
