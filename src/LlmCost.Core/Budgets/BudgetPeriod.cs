namespace LlmCost.Core.Budgets
{
    public enum BudgetPeriod
    {
        Daily,
        Weekly,
        Monthly,
        /// <summary>Each session in scope is capped by the amount.</summary>
        Session,
        /// <summary>All usage in scope since ever.</summary>
        Total,
    }
}
