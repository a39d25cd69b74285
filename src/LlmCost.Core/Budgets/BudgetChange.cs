using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// What a Set-LlmBudget / llmcost budget set changes: null leaves a property as it is (a new budget takes the
    /// default); an empty text clears a scope filter, an empty list clears the targets.
    /// </summary>
    public sealed class BudgetChange
    {
        public decimal? Amount { get; set; }
        public BudgetPeriod? Period { get; set; }
        public string? TimeZone { get; set; }
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public string? Tag { get; set; }
        public IReadOnlyList<int>? Thresholds { get; set; }
        public BudgetEnforcement? Enforcement { get; set; }
        public IReadOnlyList<string>? Notify { get; set; }
    }
}
