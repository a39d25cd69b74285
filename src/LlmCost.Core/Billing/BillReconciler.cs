using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Money;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Billing
{
    /// <summary>
    /// Tracked cost next to the provider's own report, per UTC day × provider × model. Models are folded to the catalog's
    /// ids on both sides (the bill's claude-sonnet-4-20250514 and a tracked claude-sonnet-4-0 are one model); where a day's
    /// cost report is not broken down by model, the day is compared as one "(all)" row. Only providers with a stored
    /// report are compared, so usage of a provider never imported is not reported as unbilled.
    /// </summary>
    public static class BillReconciler
    {
        /// <summary>A difference of at most a cent, or 1 % of the bill, whichever is larger, is a match.</summary>
        public const decimal AbsoluteTolerance = 0.01m;

        public const decimal RelativeTolerance = 0.01m;

        public const string AllModels = "(all)";

        public const string NoModel = "(no model)";

        public static IReadOnlyList<BillComparison> Compare(ICostStore store, DateTime? since, DateTime? until, IReadOnlyList<string>? providers)
        {
            var lines = store.GetProviderCosts(since, until, providers);
            if (lines.Count == 0)
            {
                string range = since.HasValue || until.HasValue ? $" from {since:yyyy-MM-dd} until {until:yyyy-MM-dd}" : "";
                throw new LlmCostException("NoProviderCost", $"No provider cost report is stored{range}{(providers?.Count > 0 ? " for " + string.Join(", ", providers) : "")}: import one first (Import-LlmProviderCost, llmcost bill import).");
            }

            DateTime from = since ?? lines.Min(l => l.StartsAtUtc).Date;
            DateTime lastEnd = lines.Max(l => l.EndsAtUtc);
            DateTime to = until ?? (lastEnd == lastEnd.Date ? lastEnd : lastEnd.Date.AddDays(1));
            var billed = lines.Select(l => l.Provider).Distinct(StringComparer.Ordinal).ToList();

            // Per day × provider: whether the cost report covers it, and whether it breaks it down by model.
            var costDays = new Dictionary<(DateTime, string), bool>();
            foreach (var l in lines.Where(l => l.Kind == ProviderCostKind.Cost))
            {
                var key = (l.StartsAtUtc.Date, l.Provider);
                costDays[key] = (costDays.TryGetValue(key, out bool byModel) && byModel) || l.Model != null;
            }

            var rows = new Dictionary<(DateTime Day, string Provider, string Model), BillComparison>();
            BillComparison Row(DateTime day, string provider, string model)
            {
                var key = (day, provider, model);
                if (!rows.TryGetValue(key, out var row)) rows[key] = row = new BillComparison { Day = day, Provider = provider, Model = model };
                return row;
            }

            string ModelOf(DateTime day, string provider, string? model)
            {
                if (costDays.TryGetValue((day, provider), out bool byModel) && !byModel) return AllModels;
                if (model == null) return costDays.ContainsKey((day, provider)) ? NoModel : AllModels;
                return store.Prices.Lookup(provider, model, day).CatalogModel?.Id ?? model;
            }

            foreach (var l in lines)
            {
                var day = l.StartsAtUtc.Date;
                var row = Row(day, l.Provider, ModelOf(day, l.Provider, l.Model));
                if (l.Kind == ProviderCostKind.Cost)
                {
                    row.BilledCost = (row.BilledCost ?? 0m) + Nano.ToDecimal(l.AmountNano ?? 0);
                }
                else
                {
                    row.BilledInputTokens = checked((row.BilledInputTokens ?? 0) + (l.InputTokens ?? 0));
                    row.BilledOutputTokens = checked((row.BilledOutputTokens ?? 0) + (l.OutputTokens ?? 0));
                    if (l.Requests.HasValue) row.BilledRequests = checked((row.BilledRequests ?? 0) + l.Requests.Value);
                }
            }

            // The bill is after any negotiated discount: it is held against the contracted cost (the list cost without one).
            var tracked = store.GetCosts(new CostQuery { Since = from, Until = to, Providers = billed, Groupings = new[] { CostGrouping.Day, CostGrouping.Model }, WithContractedCost = true });
            foreach (var g in tracked)
            {
                var day = g.PeriodStartUtc!.Value.Date;
                string provider = g.Provider ?? "";
                var row = Row(day, provider, ModelOf(day, provider, g.Model));
                row.TrackedRequests += g.Totals.Requests;
                row.TrackedUnpriced += g.Totals.UnpricedRequests;
                row.TrackedCost += g.Totals.ContractedCost;
                row.TrackedListCost += g.Totals.Cost;
                row.TrackedInputTokens += g.Totals.InputTokens;
                row.TrackedOutputTokens += g.Totals.OutputTokens;
            }

            foreach (var row in rows.Values)
            {
                // A day the cost report covers bills $0 for a model it does not name.
                if (row.BilledCost == null && costDays.ContainsKey((row.Day, row.Provider))) row.BilledCost = 0m;
                row.Status = StatusOf(row);
            }

            return rows.Values.OrderBy(r => r.Day).ThenBy(r => r.Provider, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
        }

        private static BillStatus StatusOf(BillComparison row)
        {
            if (row.BilledCost == null) return BillStatus.NotBilled;
            decimal diff = row.BilledCost.Value - row.TrackedCost;
            if (row.TrackedRequests == 0 && row.BilledCost.Value != 0m) return BillStatus.NotTracked;
            decimal tolerance = Math.Max(AbsoluteTolerance, Math.Abs(row.BilledCost.Value) * RelativeTolerance);
            if (Math.Abs(diff) <= tolerance) return BillStatus.Match;
            return diff > 0 ? BillStatus.BillHigher : BillStatus.TrackedHigher;
        }
    }
}
