namespace Connectors.Custom;

/// <summary>Over what time a budget's limits are counted: the spend starts again from zero at each period's start.</summary>
public enum BudgetPeriod
{
    /// <summary>No period: everything spent counts (in one process, since it started; in fleet mode, since the shared
    /// counter was created).</summary>
    None = 0,

    /// <summary>Each UTC calendar day.</summary>
    Day = 1,

    /// <summary>Each UTC calendar month.</summary>
    Month = 2,
}
