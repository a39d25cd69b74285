using LlmCost.Core.Budgets;

namespace LlmCost.Core.Storage
{
    /// <summary>A queued notification claimed for sending, with the alert (or anomaly) it tells of.</summary>
    public sealed class ClaimedDelivery
    {
        public long DeliveryId { get; set; }
        /// <summary>The target as stored (secrets as env: references, never values).</summary>
        public string Target { get; set; } = "";
        /// <summary>The budget alert, with the budget's period in <see cref="BudgetPeriod"/>; null for an anomaly.</summary>
        public BudgetAlert? Alert { get; set; }
        public string? BudgetPeriod { get; set; }
        public CostAnomaly? Anomaly { get; set; }
    }
}
