using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Notifications;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// The budget use cases every front end calls: keep budgets, evaluate them (<see cref="BudgetEvaluator"/>), and the
    /// scheduled check that records alerts exactly once (<see cref="AlertRecorder"/>) and sends them (<see cref="AlertDispatcher"/>).
    /// </summary>
    public sealed class BudgetService
    {
        private readonly ICostStore _store;
        private readonly Func<DateTime> _clock;
        private readonly BudgetEvaluator _evaluator;
        private readonly AlertRecorder _recorder;
        private readonly AlertDispatcher _dispatcher;

        public BudgetService(ICostStore store, NotificationSettings? settings = null, INotifier? notifier = null, Func<DateTime>? clock = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            Settings = settings ?? NotificationSettings.FromEnvironment();
            Notifier = notifier;
            _clock = clock ?? (() => DateTime.UtcNow);
            _evaluator = new BudgetEvaluator(store, _clock);
            _recorder = new AlertRecorder(store, Settings);
            _dispatcher = new AlertDispatcher(store, notifier, _clock);
        }

        public NotificationSettings Settings { get; }
        public INotifier? Notifier { get; }

        /// <summary>The error for a budget name that matches nothing (the same id and text in every front end).</summary>
        public static LlmCostException NotFound(string name) => new LlmCostException("BudgetNotFound", $"There is no budget named '{name}'.");

        /// <summary>Creates or replaces the budget with <see cref="Budget.Name"/>; alerts already recorded are kept.</summary>
        public Budget Set(Budget budget)
        {
            budget.Validate();
            var stored = budget.Clone();
            stored.Provider = budget.Provider == null ? null : PriceCatalog.NormalizeProvider(budget.Provider);
            stored.Thresholds = budget.Thresholds.Distinct().OrderBy(t => t).ToArray();
            stored.Notify = budget.Notify.Select(t => NotificationTarget.Parse(t).Text).ToArray();
            _store.SaveBudget(stored, _clock());
            return Get(budget.Name).Single();
        }

        /// <summary>
        /// Creates the budget <paramref name="name"/>, or changes only the properties <paramref name="change"/> gives of
        /// the existing one (its scope, targets and alerts are kept). A new budget needs an amount; its thresholds default
        /// to $LLMCOST_THRESHOLDS, else 50, 80, 100.
        /// </summary>
        public Budget Apply(string name, BudgetChange change)
        {
            var existing = Get().FirstOrDefault(b => b.Name == name);
            if (existing == null && !change.Amount.HasValue)
            {
                throw new LlmCostException("InvalidBudget", $"Budget '{name}' does not exist yet: give its amount.");
            }

            var b = existing?.Clone() ?? new Budget { Name = name, Thresholds = Settings.DefaultThresholds ?? Budget.DefaultThresholds };
            static string? Filter(string? given, string? current) => given == null ? current : given.Length == 0 ? null : given;
            if (change.Amount.HasValue) b.Amount = change.Amount.Value;
            if (change.Period.HasValue) b.Period = change.Period.Value;
            if (change.TimeZone != null) b.TimeZone = change.TimeZone;
            b.Provider = Filter(change.Provider, b.Provider);
            b.Model = Filter(change.Model, b.Model);
            b.SessionId = Filter(change.SessionId, b.SessionId);
            b.Tag = Filter(change.Tag, b.Tag);
            if (change.Thresholds != null) b.Thresholds = change.Thresholds;
            if (change.Enforcement.HasValue) b.Enforcement = change.Enforcement.Value;
            if (change.Notify != null) b.Notify = change.Notify;
            return Set(b);
        }

        /// <summary>Budgets whose name matches <paramref name="namePattern"/> ('*' and '?' wildcards); all when null.</summary>
        public IReadOnlyList<Budget> Get(string? namePattern = null)
        {
            var list = _store.GetBudgets();
            return namePattern == null ? list : list.Where(b => Wildcard.IsMatch(namePattern, b.Name)).ToList();
        }

        /// <summary>Removes a budget and its alert history. Returns false when there is no such budget.</summary>
        public bool Remove(string name) => _store.RemoveBudget(name);

        /// <summary>The current period of a calendar budget: [start, end) in UTC; nulls for session and total budgets.</summary>
        public static (DateTime? StartUtc, DateTime? EndUtc) CurrentPeriod(Budget budget, DateTime nowUtc) => BudgetEvaluator.CurrentPeriod(budget, nowUtc);

        /// <summary>Evaluates a budget now: one status, or one per session for per-session budgets.</summary>
        public IReadOnlyList<BudgetStatus> Evaluate(Budget budget, string? onlySession = null) => _evaluator.Evaluate(budget, onlySession);

        /// <summary>The statuses of every budget whose name matches (all when null), in budget order.</summary>
        public IReadOnlyList<BudgetStatus> EvaluateAll(string? namePattern = null) => Get(namePattern).SelectMany(b => Evaluate(b)).ToList();

        /// <summary>
        /// Evaluates budgets (all when null), records each newly reached threshold once per period (also across
        /// processes), delivers pending and previously failed notifications, and returns the statuses.
        /// </summary>
        public BudgetCheckResult Check(IEnumerable<Budget>? budgets = null, bool includeAnomalies = false, AnomalyOptions? anomalyOptions = null)
        {
            var list = (budgets ?? Get()).ToList();
            var statuses = new List<BudgetStatus>();
            var newAlerts = new List<BudgetAlert>();
            foreach (var budget in list)
            {
                foreach (var status in Evaluate(budget))
                {
                    var created = _recorder.RecordAlerts(budget, status, _clock());
                    status.NewAlerts = created;
                    newAlerts.AddRange(created);
                    statuses.Add(status);
                }
            }

            var anomalies = new List<CostAnomaly>();
            if (includeAnomalies)
            {
                var targets = Settings.DefaultTargets.Count > 0 ? Settings.DefaultTargets : list.SelectMany(b => b.Notify).Distinct().ToList();
                DateTime now = _clock();
                var opts = (anomalyOptions ?? new AnomalyOptions()).Clone();
                // An hourly check looks at yesterday and today so far; today's spend above the expected range already counts.
                opts.Until ??= now;
                opts.Since ??= now.Date.AddDays(-1);
                anomalies.AddRange(_recorder.RecordAnomalies(new AnomalyDetector(_store).Detect(opts), targets, now));
            }

            var (delivered, failures, errors) = DeliverPending();
            return new BudgetCheckResult
            {
                Statuses = statuses,
                NewAlerts = newAlerts,
                NewAnomalies = anomalies,
                Delivered = delivered,
                DeliveryFailures = failures,
                DeliveryErrors = errors,
                AnyBreached = statuses.Any(s => s.IsBreached),
            };
        }

        /// <summary>Sends every pending or failed delivery (and ones whose sender died mid-send), each claimed atomically first.</summary>
        public (int Delivered, int Failed, IReadOnlyList<string> Errors) DeliverPending() => _dispatcher.DeliverPending();

        /// <summary>Recorded alerts, newest first, with their deliveries (targets masked: no secrets shown).</summary>
        public IReadOnlyList<BudgetAlert> GetAlerts(string? budgetPattern = null, DateTime? sinceUtc = null)
        {
            var alerts = _store.GetAlerts(sinceUtc);
            foreach (var a in alerts)
            {
                foreach (var d in a.Deliveries) d.Target = NotificationTarget.Mask(d.Target);
            }

            return budgetPattern == null ? alerts : alerts.Where(a => Wildcard.IsMatch(budgetPattern, a.Budget)).ToList();
        }
    }
}
