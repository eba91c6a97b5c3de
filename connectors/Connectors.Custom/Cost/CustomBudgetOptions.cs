namespace Connectors.Custom;

/// <summary>A spending limit, checked before each call against what the usage tracker has recorded. In fleet mode
/// (Connectors.Custom.Redis) the limits are shared by every instance of the application: each call reserves its
/// estimated cost before it is sent and settles the actual cost when it ends, so a burst cannot overspend by more than
/// what is in flight.</summary>
public sealed class CustomBudgetOptions
{
    /// <summary>Gets or sets the limit in US dollars for this service (its service id); null means none.</summary>
    /// <value>Default: null.</value>
    public decimal? ServiceLimit { get; set; }

    /// <summary>Gets or sets the limit in US dollars for everything recorded by the usage tracker; null means none.</summary>
    /// <value>Default: null.</value>
    public decimal? GlobalLimit { get; set; }

    /// <summary>Gets or sets what happens once a limit is spent.</summary>
    /// <value>Default: <see cref="BudgetAction.Refuse"/>.</value>
    public BudgetAction OnExceeded { get; set; } = BudgetAction.Refuse;

    /// <summary>Gets or sets the period the limits apply to: the spend starts again from zero at the start of each UTC
    /// day or month. In fleet mode the period follows Redis's clock, so every instance changes period at the same
    /// moment.</summary>
    /// <value>Default: <see cref="BudgetPeriod.None"/> (everything spent counts).</value>
    public BudgetPeriod Period { get; set; } = BudgetPeriod.None;

    /// <summary>Gets a value indicating whether any limit is set.</summary>
    internal bool IsEnabled => ServiceLimit is not null || GlobalLimit is not null;

    internal CustomBudgetOptions Clone() => (CustomBudgetOptions)MemberwiseClone();
}
