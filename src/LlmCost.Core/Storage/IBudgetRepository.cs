using System;
using System.Collections.Generic;
using LlmCost.Core.Budgets;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// Port: budgets, their exactly-once alerts, anomaly alerts and the delivery queue. Exactly-once is the store's
    /// promise: an alert already recorded for its budget, period, threshold and session is not added again, also when
    /// two checks run at once.
    /// </summary>
    public interface IBudgetRepository
    {
        /// <summary>Creates or replaces the budget named <see cref="Budget.Name"/>; alerts already recorded are kept.</summary>
        void SaveBudget(Budget budget, DateTime nowUtc);

        /// <summary>All budgets, by name.</summary>
        IReadOnlyList<Budget> GetBudgets();

        /// <summary>Removes a budget and its alert history; false when there is no such budget.</summary>
        bool RemoveBudget(string name);

        /// <summary>
        /// Adds each alert not yet recorded and, in the same transaction, queues one delivery per target for it.
        /// Returns the alerts added, with their ids and creation time.
        /// </summary>
        IReadOnlyList<BudgetAlert> AddAlerts(IReadOnlyList<BudgetAlert> alerts, IReadOnlyList<string> targets, DateTime nowUtc);

        /// <summary>As <see cref="AddAlerts"/> for anomalies (one per scope and day).</summary>
        IReadOnlyList<CostAnomaly> AddAnomalies(IReadOnlyList<CostAnomaly> anomalies, IReadOnlyList<string> targets, DateTime nowUtc);

        /// <summary>Deliveries pending, failed, or claimed before <paramref name="staleBeforeUtc"/> by a sender that never finished.</summary>
        IReadOnlyList<long> GetDueDeliveries(DateTime staleBeforeUtc);

        /// <summary>Claims a due delivery for <paramref name="claimant"/>; null when another sender has it.</summary>
        ClaimedDelivery? ClaimDelivery(long deliveryId, string claimant, DateTime nowUtc, DateTime staleBeforeUtc);

        /// <summary>Marks a claimed delivery delivered (<paramref name="error"/> null) or failed, to be retried.</summary>
        void FinishDelivery(long deliveryId, string claimant, DateTime nowUtc, string? error);

        /// <summary>Recorded budget alerts, newest first, with their deliveries.</summary>
        IReadOnlyList<BudgetAlert> GetAlerts(DateTime? sinceUtc);
    }
}
