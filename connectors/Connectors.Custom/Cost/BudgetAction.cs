namespace Connectors.Custom;

/// <summary>What happens once a budget is spent.</summary>
public enum BudgetAction
{
    /// <summary>Refuse further calls with <see cref="CustomBudgetExceededException"/>, before anything is sent.</summary>
    Refuse = 0,

    /// <summary>Log a warning and carry on.</summary>
    Warn = 1,
}
