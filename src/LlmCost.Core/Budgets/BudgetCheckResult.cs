using System;
using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>The outcome of one budget check.</summary>
    public sealed class BudgetCheckResult
    {
        public IReadOnlyList<BudgetStatus> Statuses { get; set; } = Array.Empty<BudgetStatus>();
        public IReadOnlyList<BudgetAlert> NewAlerts { get; set; } = Array.Empty<BudgetAlert>();
        public IReadOnlyList<CostAnomaly> NewAnomalies { get; set; } = Array.Empty<CostAnomaly>();
        public int Delivered { get; set; }
        public int DeliveryFailures { get; set; }
        public IReadOnlyList<string> DeliveryErrors { get; set; } = Array.Empty<string>();
        public bool AnyBreached { get; set; }
    }
}
