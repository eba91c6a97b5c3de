namespace Connectors.Custom;

/// <summary>A spending limit, checked before each call against what the usage tracker has recorded.</summary>
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

    internal CustomBudgetOptions Clone() => (CustomBudgetOptions)MemberwiseClone();
}
