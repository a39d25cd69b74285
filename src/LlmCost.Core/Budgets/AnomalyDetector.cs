using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;

namespace LlmCost.Core.Budgets
{
    /// <summary>Median / MAD anomaly detection over daily spend per scope, and over session totals.</summary>
    public sealed class AnomalyDetector
    {
        private readonly ICostStore _store;

        public AnomalyDetector(ICostStore store)
        {
            _store = store;
        }

        public IReadOnlyList<CostAnomaly> Detect(AnomalyOptions options)
        {
            var tz = options.TimeZone ?? TimeZoneInfo.Utc;
            DateTime until = options.Until ?? DateTime.UtcNow;
            DateTime since = options.Since ?? until.AddDays(-7);
            DateTime historyStart = since.AddDays(-options.WindowDays - 1);
            var result = new List<CostAnomaly>();

            // One query per kind of scope (Day, or Day with Provider or Model), split by scope here.
            IEnumerable<(string Scope, Dictionary<DateTime, decimal> Days)> DailyCosts(CostGrouping? by)
            {
                var q = new CostQuery { Since = historyStart, Until = until, TimeZone = tz };
                q.Groupings = by == null ? new[] { CostGrouping.Day } : new[] { CostGrouping.Day, by.Value };
                return _store.GetCosts(q)
                    .GroupBy(g => by == CostGrouping.Model ? g.Provider + "/" + g.Model : by == CostGrouping.Provider ? g.Provider! : "all")
                    .Select(s => (s.Key, s.ToDictionary(g => g.PeriodStart!.Value, g => g.Totals.Cost)));
            }

            void Series(string kind, string scope, Dictionary<DateTime, decimal> days)
            {
                if (days.Count == 0) return;
                DateTime firstDay = days.Keys.Min();
                DateTime day = CalendarPeriods.Start(since, CostGrouping.Day, tz).Local;
                DateTime lastDay = CalendarPeriods.Start(until.AddTicks(-1), CostGrouping.Day, tz).Local;
                for (; day <= lastDay; day = day.AddDays(1))
                {
                    var history = new List<decimal>();
                    for (int i = options.WindowDays; i >= 1; i--)
                    {
                        var d = day.AddDays(-i);
                        if (d < firstDay) continue;
                        history.Add(days.TryGetValue(d, out var v) ? v : 0m);
                    }

                    if (history.Count < options.MinHistoryDays) continue;
                    decimal x = days.TryGetValue(day, out var today) ? today : 0m;
                    var a = Judge(kind, scope, x, history, options.Threshold);
                    if (a == null) continue;
                    a.Day = day;
                    a.DayStartUtc = CalendarPeriods.LocalToUtc(day, tz);
                    result.Add(a);
                }
            }

            if (options.Scopes.Contains("all"))
            {
                foreach (var (scope, days) in DailyCosts(null)) Series("all", scope, days);
            }

            if (options.Scopes.Contains("provider"))
            {
                foreach (var (scope, days) in DailyCosts(CostGrouping.Provider)) Series("provider", scope, days);
            }

            if (options.Scopes.Contains("model"))
            {
                foreach (var (scope, days) in DailyCosts(CostGrouping.Model)) Series("model", scope, days);
            }

            if (options.Scopes.Contains("session"))
            {
                // Sessions active in the range, judged against the other sessions of the window. The window is read as the
                // days before the range plus the range, so the range's sessions are known without reading it twice.
                var before = _store.GetCosts(new CostQuery { Since = historyStart, Until = since, GroupBy = CostGrouping.Session });
                var inRangeGroups = _store.GetCosts(new CostQuery { Since = since, Until = until, GroupBy = CostGrouping.Session });
                var inRange = inRangeGroups.Where(g => g.Key.Length > 0).Select(g => g.Key).ToList();
                var window = before.Concat(inRangeGroups).Where(g => g.Key.Length > 0)
                    .GroupBy(g => g.Key, StringComparer.Ordinal)
                    .Select(s => (Key: s.Key, Cost: s.Sum(g => g.Totals.Cost))).ToList();
                var costOf = window.ToDictionary(g => g.Key, g => g.Cost, StringComparer.Ordinal);
                var others = new LeaveOneOut(window.Select(g => g.Cost));
                var start = CalendarPeriods.Start(since, CostGrouping.Day, tz);
                foreach (var session in inRange)
                {
                    if (!costOf.TryGetValue(session, out var x) || others.Count - 1 < options.MinHistoryDays) continue;
                    var (median, mad) = others.MedianAndMadWithout(x);
                    var a = Judge("session", session, x, median, mad, others.Count - 1, options.Threshold);
                    if (a == null) continue;
                    a.Day = start.Local;
                    a.DayStartUtc = start.Utc;
                    result.Add(a);
                }
            }

            return result;
        }

        /// <summary>Flags <paramref name="x"/> when its robust z-score against <paramref name="history"/> exceeds the threshold.</summary>
        internal static CostAnomaly? Judge(string kind, string scope, decimal x, IReadOnlyList<decimal> history, double threshold)
        {
            decimal median = Median(history);
            decimal mad = Median(history.Select(h => Math.Abs(h - median)).ToList());
            return Judge(kind, scope, x, median, mad, history.Count, threshold);
        }

        /// <summary>The same, with the history's median and median absolute deviation already known.</summary>
        internal static CostAnomaly? Judge(string kind, string scope, decimal x, decimal median, decimal mad, int historyCount, double threshold)
        {
            // 1.4826 x MAD estimates the standard deviation; a floor keeps flat histories from flagging pennies.
            decimal scale = Math.Max(1.4826m * mad, Math.Max(0.1m * Math.Abs(median), 0.01m));
            double score = (double)((x - median) / scale);
            if (Math.Abs(score) <= threshold) return null;
            decimal k = (decimal)threshold;
            return new CostAnomaly
            {
                ScopeKind = kind,
                Scope = scope,
                Spent = x,
                Expected = median,
                ExpectedLow = Math.Max(0m, decimal.Round(median - k * scale, 6)),
                ExpectedHigh = decimal.Round(median + k * scale, 6),
                Deviation = x - median,
                Score = Math.Round(score, 2),
                HistoryDays = historyCount,
            };
        }

        internal static decimal Median(IReadOnlyList<decimal> values)
        {
            if (values.Count == 0) return 0m;
            var sorted = values.OrderBy(v => v).ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
        }
    }
}
