using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Notifications;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Budgets
{
    /// <summary>Records each reached threshold once per period (and each anomaly once per scope and day), queueing its notifications.</summary>
    public sealed class AlertRecorder
    {
        private readonly IBudgetRepository _repository;
        private readonly NotificationSettings _settings;

        public AlertRecorder(IBudgetRepository repository, NotificationSettings settings)
        {
            _repository = repository ?? throw new ArgumentNullException(nameof(repository));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        }

        /// <summary>The alerts this status raises that were not raised before; each queued for the budget's targets (else the defaults).</summary>
        public IReadOnlyList<BudgetAlert> RecordAlerts(Budget budget, BudgetStatus status, DateTime nowUtc)
        {
            var reached = BudgetEvaluator.ReachedThresholds(budget, status.Spent);
            if (reached.Count == 0) return Array.Empty<BudgetAlert>();
            var targets = (budget.Notify.Count > 0 ? budget.Notify : _settings.DefaultTargets).Select(t => NotificationTarget.Parse(t).Text).Distinct().ToList();
            var alerts = reached.Select(threshold => new BudgetAlert
            {
                BudgetId = budget.Id,
                Budget = budget.Name,
                PeriodStartUtc = status.PeriodStartUtc,
                Threshold = threshold,
                Level = Budget.LevelOf(threshold),
                Spent = status.Spent,
                Limit = budget.Amount,
                SessionId = status.SessionId,
            }).ToList();
            return _repository.AddAlerts(alerts, targets, nowUtc);
        }

        /// <summary>The anomalies (spikes only) not raised before, each queued for <paramref name="targets"/>.</summary>
        public IReadOnlyList<CostAnomaly> RecordAnomalies(IEnumerable<CostAnomaly> found, IEnumerable<string> targets, DateTime nowUtc)
        {
            var spikes = found.Where(a => a.Score > 0).ToList();
            if (spikes.Count == 0) return Array.Empty<CostAnomaly>();
            return _repository.AddAnomalies(spikes, targets.Select(t => NotificationTarget.Parse(t).Text).ToList(), nowUtc);
        }
    }
}
