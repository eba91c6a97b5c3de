namespace Connectors.Custom;

/// <summary>What a call is billed for besides tokens: images generated, rerank search units.</summary>
/// <param name="Images">The images returned.</param>
/// <param name="SearchUnits">The search units the server reported (or one per rerank call when it reported none).</param>
internal readonly record struct BilledUnits(long Images = 0, long SearchUnits = 0)
{
    public bool IsEmpty => Images == 0 && SearchUnits == 0;
}
