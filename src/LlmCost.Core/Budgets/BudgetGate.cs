using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// Refuses requests in the scope of an exhausted hard budget. Budgets and their spend are cached for
    /// <see cref="CacheFor"/> so that the check costs nothing on the request path most of the time.
    /// </summary>
    public sealed class BudgetGate : IBudgetGate
    {
        private readonly BudgetService _budgets;
        private readonly Func<DateTime> _clock;
        private readonly object _lock = new object();
        private IReadOnlyList<Budget> _hard = Array.Empty<Budget>();
        private DateTime _loadedAt = DateTime.MinValue;
        private readonly Dictionary<(long, string?), (DateTime At, BudgetStatus? Status)> _spent = new Dictionary<(long, string?), (DateTime, BudgetStatus?)>();

        /// <summary>A gate over the hard budgets of one store.</summary>
        /// <param name="budgets">The budgets to enforce.</param>
        /// <param name="cacheFor">How long a budget's spend is reused before it is read again (default 5 s).</param>
        /// <param name="clock">The current UTC time; for tests.</param>
        public BudgetGate(BudgetService budgets, TimeSpan? cacheFor = null, Func<DateTime>? clock = null)
        {
            _budgets = budgets;
            CacheFor = cacheFor ?? TimeSpan.FromSeconds(5);
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        /// <summary>How long a budget's spend is reused before it is read again.</summary>
        public TimeSpan CacheFor { get; }

        /// <summary>Throws when a hard budget that covers the request is spent; returns otherwise.</summary>
        /// <param name="scope">The request's provider, model, session and tags, matched against each budget's scope.</param>
        /// <exception cref="BudgetExceededException">A covering hard budget is at or over its limit.</exception>
        public void EnsureAllowed(RequestScope scope)
        {
            DateTime now = _clock();
            IReadOnlyList<Budget> hard;
            lock (_lock)
            {
                if (now - _loadedAt >= CacheFor)
                {
                    _hard = _budgets.Get().Where(b => b.Enforcement == BudgetEnforcement.Hard).ToList();
                    _loadedAt = now;
                    _spent.Clear();
                }

                hard = _hard;
            }

            foreach (var budget in hard)
            {
                if (!budget.Covers(scope.Provider, scope.Model, scope.SessionId, scope.Tags)) continue;
                if (budget.Period == BudgetPeriod.Session && scope.SessionId == null) continue;
                string? session = budget.Period == BudgetPeriod.Session ? scope.SessionId : null;
                BudgetStatus? status;
                lock (_lock)
                {
                    if (!_spent.TryGetValue((budget.Id, session), out var cached) || now - cached.At >= CacheFor)
                    {
                        cached = (now, _budgets.Evaluate(budget, session).FirstOrDefault());
                        _spent[(budget.Id, session)] = cached;
                    }

                    status = cached.Status;
                }

                if (status != null && status.IsBreached)
                {
                    throw new BudgetExceededException(budget.Name, status.Spent, status.Limit, status.Currency, status.PeriodEndUtc);
                }
            }
        }
    }
}
