using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Reports
{
    /// <summary>
    /// The store as Prometheus metrics (text exposition format 0.0.4): all-time cost, tokens and requests by provider and
    /// model as counters (they only grow, except when a re-pricing corrects history), budgets as gauges.
    /// </summary>
    public static class PrometheusMetrics
    {
        public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

        public static void Write(TextWriter w, ICostStore store, DateTime nowUtc)
        {
            var models = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model });
            Family(w, "llmcost_cost_usd_total", "counter", "Cost of the stored requests in USD, at the prices in force at each request's time (unpriced requests add nothing).",
                models.Select(m => (Labels(("provider", m.Provider ?? ""), ("model", m.Key)), (decimal?)m.Totals.Cost)));
            Family(w, "llmcost_requests_total", "counter", "Stored requests.",
                models.Select(m => (Labels(("provider", m.Provider ?? ""), ("model", m.Key)), (decimal?)m.Totals.Requests)));
            Family(w, "llmcost_unpriced_requests_total", "counter", "Stored requests whose model has no known price (their cost is unknown, not zero).",
                models.Select(m => (Labels(("provider", m.Provider ?? ""), ("model", m.Key)), (decimal?)m.Totals.UnpricedRequests)));
            Family(w, "llmcost_tokens_total", "counter", "Tokens of the stored requests by kind: input is uncached input; cache_read, cache_write and output are the other parts.",
                models.SelectMany(m =>
                {
                    var t = m.Totals;
                    return new[] { ("input", t.UncachedInputTokens), ("cache_read", t.CacheReadTokens), ("cache_write", t.CacheWrite5mTokens + t.CacheWrite1hTokens), ("output", t.OutputTokens) }
                        .Select(k => (Labels(("provider", m.Provider ?? ""), ("model", m.Key), ("kind", k.Item1)), (decimal?)k.Item2));
                }));

            var budgets = new BudgetService(store, clock: () => nowUtc);
            var statuses = budgets.EvaluateAll();
            IEnumerable<(string, decimal?)> Each(Func<BudgetStatus, decimal?> value) =>
                statuses.Select(s => (Labels(("budget", s.Budget), ("period", s.Period.ToString().ToLowerInvariant()), ("session", s.SessionId ?? "")), value(s)));
            Family(w, "llmcost_budget_spent_usd", "gauge", "What each budget's scope has spent in its current period, USD.", Each(s => s.Spent));
            Family(w, "llmcost_budget_limit_usd", "gauge", "Each budget's limit for its period, USD.", Each(s => s.Limit));
            Family(w, "llmcost_budget_used_ratio", "gauge", "Spent divided by limit (1 = spent).", Each(s => s.Limit == 0 ? (decimal?)null : s.Spent / s.Limit));
        }

        private static void Family(TextWriter w, string name, string type, string help, IEnumerable<(string Labels, decimal? Value)> samples)
        {
            w.Write("# HELP " + name + " " + help.Replace("\\", "\\\\").Replace("\n", "\\n") + "\n");
            w.Write("# TYPE " + name + " " + type + "\n");
            foreach (var (labels, value) in samples)
            {
                if (value == null) continue;
                w.Write(name + "{" + labels + "} " + value.Value.ToString(CultureInfo.InvariantCulture) + "\n");
            }
        }

        /// <summary>label="value" pairs; a value's backslash, double quote and line feed are escaped as the format requires.</summary>
        private static string Labels(params (string Name, string Value)[] labels)
        {
            var sb = new StringBuilder();
            foreach (var (name, value) in labels)
            {
                if (sb.Length > 0) sb.Append(',');
                sb.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
            }

            return sb.ToString();
        }
    }
}
