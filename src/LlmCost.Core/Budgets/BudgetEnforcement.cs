namespace LlmCost.Core.Budgets
{
    public enum BudgetEnforcement
    {
        /// <summary>Alerts only.</summary>
        Soft,
        /// <summary>Alerts, and the embedding API refuses new requests in scope once the budget is spent.</summary>
        Hard,
    }
}
