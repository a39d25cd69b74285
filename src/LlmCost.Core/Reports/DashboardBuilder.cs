using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;

namespace LlmCost.Core.Reports
{
    /// <summary>
    /// Gathers a dashboard from a store: headline figures, budgets, the daily trend by provider, models, sessions,
    /// alerts and anomalies. Every figure comes from the store's summaries, so it matches Get-LlmCost for the same range.
    /// </summary>
    public sealed class DashboardBuilder
    {
        private readonly ICostStore _store;

        public DashboardBuilder(ICostStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

        public Dashboard Build(DashboardOptions? options = null)
        {
            options ??= new DashboardOptions();
            var tz = options.TimeZone ?? TimeZoneInfo.Utc;
            DateTime now = options.NowUtc ?? DateTime.UtcNow;
            TimeInput.CheckRange(options.Since, options.Until);
            // A range that ended in the past is seen from its last moment: its last day is "today".
            DateTime until = options.Until ?? now;
            DateTime asOf = until < now ? until.AddTicks(-TimeSpan.TicksPerMillisecond) : now;
            DateTime since = options.Since ?? CalendarPeriods.LocalToUtc(CalendarPeriods.Start(asOf, CostGrouping.Day, tz).Local.AddDays(-29), tz);

            var d = new Dashboard
            {
                GeneratedUtc = now,
                AsOfUtc = asOf,
                TimeZone = tz.Id,
                SinceUtc = since,
                UntilUtc = until,
            };
            var range = new CostQuery { Since = since, Until = until, TimeZone = tz, WithContractedCost = true };
            d.Range = _store.GetTotals(range);
            d.PricedPercent = d.Range.Requests == 0 ? (decimal?)null
                : decimal.Round(100m * (d.Range.Requests - d.Range.UnpricedRequests) / d.Range.Requests, 1, MidpointRounding.AwayFromZero);

            d.Today = TotalsOf(CalendarPeriods.Containing(asOf, CostGrouping.Day, tz), asOf);
            d.ThisWeek = TotalsOf(CalendarPeriods.Containing(asOf, CostGrouping.Week, tz), asOf);
            var month = CalendarPeriods.Containing(asOf, CostGrouping.Month, tz);
            d.ThisMonth = TotalsOf(month, asOf);
            d.MonthForecast = Forecast(d.ThisMonth, month, asOf);

            d.ProviderTotals = _store.GetCosts(With(range, CostGrouping.Provider));
            d.Providers = d.ProviderTotals.Select(p => p.Key).ToList();
            d.Days = DailyByProvider(range, d.Providers, tz, since, until);
            d.Models = _store.GetCosts(With(range, CostGrouping.Model));
            d.TopSessions = _store.GetCosts(With(range, CostGrouping.Session)).Where(s => s.Key.Length > 0).Take(options.TopSessions).ToList();

            var budgets = new BudgetService(_store, clock: () => asOf);
            d.Budgets = budgets.EvaluateAll().OrderByDescending(s => s.Percent).ToList();
            d.Alerts = budgets.GetAlerts(sinceUtc: since).OrderByDescending(a => a.CreatedUtc).Take(20).ToList();
            d.Anomalies = new AnomalyDetector(_store).Detect(new AnomalyOptions { Since = since, Until = until, TimeZone = tz })
                .OrderByDescending(a => Math.Abs(a.Score)).Take(10).ToList();
            return d;
        }

        private CostTotals TotalsOf((DateTime StartUtc, DateTime EndUtc) period, DateTime asOf) =>
            _store.GetTotals(new CostQuery { Since = period.StartUtc, Until = asOf < period.EndUtc ? asOf.AddTicks(TimeSpan.TicksPerMillisecond) : period.EndUtc });

        /// <summary>The month's cost so far divided by the share of the month gone, at least one hour of it.</summary>
        private static decimal? Forecast(CostTotals soFar, (DateTime StartUtc, DateTime EndUtc) month, DateTime asOf)
        {
            double gone = (asOf - month.StartUtc).TotalHours, all = (month.EndUtc - month.StartUtc).TotalHours;
            if (gone < 1 || all <= 0) return null;
            return decimal.Round(soFar.Cost * (decimal)(all / gone), 6, MidpointRounding.AwayFromZero);
        }

        private List<DashboardDay> DailyByProvider(CostQuery range, IReadOnlyList<string> providers, TimeZoneInfo tz, DateTime since, DateTime until)
        {
            var days = new SortedDictionary<DateTime, DashboardDay>();
            // Every day of the range, also the quiet ones, so the trend's gaps show.
            var first = CalendarPeriods.Start(since, CostGrouping.Day, tz).Local;
            var last = CalendarPeriods.Start(until.AddTicks(-1), CostGrouping.Day, tz).Local;
            for (var day = first; day <= last && days.Count < 3660; day = day.AddDays(1)) days[day.Date] = new DashboardDay { Day = day.Date };
            if (providers.Count == 0) return days.Values.ToList();
            var q = With(range, CostGrouping.Day);
            q.Groupings = new[] { CostGrouping.Day, CostGrouping.Provider };
            foreach (var g in _store.GetCosts(q))
            {
                if (g.Totals.Requests == 0 || !g.PeriodStart.HasValue || g.Provider == null) continue;
                var key = g.PeriodStart.Value.Date;
                if (!days.TryGetValue(key, out var day)) days[key] = day = new DashboardDay { Day = key };
                day.CostByProvider[g.Provider] = g.Totals.Cost;
            }

            return days.Values.ToList();
        }

        private static CostQuery With(CostQuery q, CostGrouping grouping) => new CostQuery { Since = q.Since, Until = q.Until, TimeZone = q.TimeZone, GroupBy = grouping };
    }
}
