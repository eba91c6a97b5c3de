using System;

namespace Connectors.Custom;

/// <summary>Numbers the UTC periods of <see cref="BudgetPeriod"/>: days since 1970-01-01, or months since year 0
/// (year × 12 + month − 1), the same numbering fleet mode's budget script computes from Redis's clock.</summary>
internal static class BudgetPeriods
{
    public static long Current(BudgetPeriod period, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return period switch
        {
            BudgetPeriod.None => 0,
            BudgetPeriod.Day => (long)Math.Floor((utc - DateTime.UnixEpoch).TotalDays),
            BudgetPeriod.Month => (utc.Year * 12L) + utc.Month - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }
}
