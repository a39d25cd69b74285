using System;
using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>A threshold crossed in a period: recorded once, delivered once per target.</summary>
    public sealed class BudgetAlert
    {
        public long AlertId { get; set; }
        public long BudgetId { get; set; }
        public string Budget { get; set; } = "";
        public DateTime? PeriodStartUtc { get; set; }
        public int Threshold { get; set; }
        public AlertLevel Level { get; set; }
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public string? SessionId { get; set; }
        public DateTime CreatedUtc { get; set; }
        public IReadOnlyList<AlertDelivery> Deliveries { get; set; } = Array.Empty<AlertDelivery>();
    }
}
