using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>What a finished call reports for logs, usage records and cost.</summary>
/// <param name="Usage">The usage the server reported, if any.</param>
/// <param name="ResponseModel">The model the server says answered, if it said.</param>
/// <param name="FinishReason">The finish reason, if any.</param>
/// <param name="Text">The answer's text, for sensitive-content logging only.</param>
/// <param name="Units">What the call is billed for besides tokens (images, search units).</param>
internal readonly record struct CallSummary(UsageDetails? Usage, string? ResponseModel, string? FinishReason, string? Text, BilledUnits Units = default);
