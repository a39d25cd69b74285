using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Budgets
{
    /// <summary>The cheap check run after usage is recorded: which thresholds did this recording push spend across?</summary>
    public static class BudgetMonitor
    {
        public static IReadOnlyList<ThresholdCrossing> CheckAfterRecording(BudgetService budgets, IEnumerable<PricedRequest> recorded)
        {
            var added = recorded.Where(r => (r.Added || r.Replaced) && r.CostNano.HasValue).ToList();
            if (added.Count == 0) return Array.Empty<ThresholdCrossing>();
            var all = budgets.Get();
            if (all.Count == 0) return Array.Empty<ThresholdCrossing>();

            var crossings = new List<ThresholdCrossing>();
            foreach (var budget in all)
            {
                var inScope = added.Where(r => budget.Covers(r.Provider, r.Model, r.SessionId, r.Tags)).ToList();
                if (inScope.Count == 0) continue;
                foreach (var status in budget.Period == BudgetPeriod.Session
                             ? inScope.Select(r => r.SessionId).Where(s => s != null).Distinct().SelectMany(s => budgets.Evaluate(budget, s))
                             : budgets.Evaluate(budget))
                {
                    var (start, end) = (status.PeriodStartUtc, status.PeriodEndUtc);
                    decimal delta = Money.Nano.ToDecimal(inScope
                        .Where(r => (status.SessionId == null || r.SessionId == status.SessionId) &&
                                    (!start.HasValue || r.OccurredAtUtc >= start) && (!end.HasValue || r.OccurredAtUtc < end))
                        .Sum(r => r.CostNano!.Value));
                    decimal before = status.Spent - delta;
                    foreach (int t in BudgetEvaluator.CrossedThresholds(budget, before, status.Spent))
                    {
                        crossings.Add(new ThresholdCrossing
                        {
                            Budget = budget.Name,
                            Threshold = t,
                            Level = Budget.LevelOf(t),
                            Spent = status.Spent,
                            Limit = budget.Amount,
                            SessionId = status.SessionId,
                        });
                    }
                }
            }

            return crossings;
        }
    }
}
