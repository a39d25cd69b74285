using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// The budget rules: a budget's current period, its status and forecast, and which thresholds are reached or
    /// crossed. Used by the scheduled check, the recording-time monitor and the hard-budget gate alike.
    /// </summary>
    public sealed class BudgetEvaluator
    {
        private readonly ICostReader _costs;
        private readonly Func<DateTime> _clock;

        public BudgetEvaluator(ICostReader costs, Func<DateTime>? clock = null)
        {
            _costs = costs ?? throw new ArgumentNullException(nameof(costs));
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        /// <summary>The current period of a calendar budget: [start, end) in UTC; nulls for session and total budgets.</summary>
        public static (DateTime? StartUtc, DateTime? EndUtc) CurrentPeriod(Budget budget, DateTime nowUtc)
        {
            CostGrouping grouping;
            switch (budget.Period)
            {
                case BudgetPeriod.Daily: grouping = CostGrouping.Day; break;
                case BudgetPeriod.Weekly: grouping = CostGrouping.Week; break;
                case BudgetPeriod.Monthly: grouping = CostGrouping.Month; break;
                default: return (null, null);
            }

            var (start, end) = CalendarPeriods.Containing(nowUtc, grouping, budget.ResolveTimeZone());
            return (start, end);
        }

        /// <summary>Thresholds of <paramref name="budget"/> that <paramref name="spent"/> reaches, ascending.</summary>
        public static IReadOnlyList<int> ReachedThresholds(Budget budget, decimal spent) =>
            budget.Thresholds.Where(th => spent * 100m >= th * budget.Amount).OrderBy(t => t).ToList();

        /// <summary>Thresholds that spend going from <paramref name="before"/> to <paramref name="after"/> crosses, ascending.</summary>
        public static IReadOnlyList<int> CrossedThresholds(Budget budget, decimal before, decimal after) =>
            budget.Thresholds.Where(t => before * 100m < t * budget.Amount && after * 100m >= t * budget.Amount).OrderBy(t => t).ToList();

        /// <summary>Evaluates a budget now: one status, or one per session for per-session budgets.</summary>
        public IReadOnlyList<BudgetStatus> Evaluate(Budget budget, string? onlySession = null)
        {
            DateTime now = _clock();
            var (start, end) = CurrentPeriod(budget, now);
            var statuses = new List<BudgetStatus>();
            if (budget.Period == BudgetPeriod.Session)
            {
                var q = ScopeQuery(budget, null, null, CostGrouping.Session);
                if (onlySession != null) q.Sessions = new[] { onlySession };
                foreach (var g in _costs.GetCosts(q).Where(g => g.Key.Length > 0))
                {
                    statuses.Add(StatusOf(budget, g.Totals, null, null, g.Key, now));
                }
            }
            else
            {
                statuses.Add(StatusOf(budget, _costs.GetTotals(ScopeQuery(budget, start, end)), start, end, null, now));
            }

            return statuses;
        }

        private static CostQuery ScopeQuery(Budget b, DateTime? since, DateTime? until, CostGrouping grouping = CostGrouping.None) => new CostQuery
        {
            Since = since,
            Until = until,
            Providers = b.Provider == null ? null : new[] { b.Provider },
            Models = b.Model == null ? null : new[] { b.Model },
            Sessions = b.SessionId == null ? null : new[] { b.SessionId },
            Tags = b.Tag == null ? null : new[] { b.Tag },
            GroupBy = grouping,
        };

        /// <summary>A budget's status from the totals in its scope and period.</summary>
        public static BudgetStatus StatusOf(Budget b, CostTotals t, DateTime? start, DateTime? end, string? session, DateTime now)
        {
            var s = new BudgetStatus
            {
                BudgetId = b.Id,
                Budget = b.Name,
                Period = b.Period,
                Enforcement = b.Enforcement,
                SessionId = session,
                PeriodStartUtc = start,
                PeriodEndUtc = end,
                Spent = t.Cost,
                Limit = b.Amount,
                Requests = t.Requests,
                UnpricedRequests = t.UnpricedRequests,
                Currency = b.Currency,
                TimeZone = b.TimeZone,
                ScopeProvider = b.Provider,
                ScopeModel = b.Model,
                ScopeSession = b.SessionId,
                ScopeTag = b.Tag,
                Thresholds = b.Thresholds,
                Notify = b.Notify.Select(Notifications.NotificationTarget.Mask).ToArray(),
            };
            if (start.HasValue && end.HasValue)
            {
                // Linear run rate over the elapsed part of the period (at least one hour, so a fresh period does not explode).
                double elapsed = Math.Max((now - start.Value).TotalHours, 1.0);
                double total = (end.Value - start.Value).TotalHours;
                s.Forecast = elapsed >= total ? s.Spent : decimal.Round(s.Spent * (decimal)(total / elapsed), 6, MidpointRounding.AwayFromZero);
            }

            var reached = ReachedThresholds(b, s.Spent);
            if (reached.Count > 0)
            {
                s.ThresholdReached = reached[reached.Count - 1];
                s.Status = Budget.LevelOf(s.ThresholdReached.Value).ToString().ToLowerInvariant();
            }

            return s;
        }
    }
}
