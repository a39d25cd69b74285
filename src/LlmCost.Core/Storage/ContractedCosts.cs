using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// The contracted cost next to the list cost of a query's totals and groups, for every engine. Without contract
    /// discounts it is the list cost and costs nothing to find; with them, the query's requests are read once and each is
    /// discounted as <see cref="ContractTerms"/> says, then summed into the same groups (the one group builder every
    /// engine uses, so the keys are the same).
    /// </summary>
    internal static class ContractedCosts
    {
        public static CostTotals Fill(ICostStore store, CostQuery query, CostTotals totals)
        {
            if (!query.WithContractedCost) return totals;
            var terms = Terms(store);
            if (terms == null) return totals;
            long sum = 0;
            foreach (var r in store.GetCostFacts(query.Ungrouped())) sum = checked(sum + (terms.ContractedCostNano(r.Provider, r.Model, r.OccurredAtUtc, r.CostNano) ?? 0));
            totals.ContractedCostNano = sum;
            return totals;
        }

        public static IReadOnlyList<CostGroup> Fill(ICostStore store, CostQuery query, IReadOnlyList<CostGroup> groups)
        {
            if (!query.WithContractedCost) return groups;
            var terms = Terms(store);
            if (terms == null || groups.Count == 0) return groups;
            var keys = query.Groupings;
            if (keys.Count == 0)
            {
                // One total: its group is the query's total, whatever the engine names it.
                var total = Fill(store, query, new CostTotals());
                foreach (var g in groups) g.Totals.ContractedCostNano = total.ContractedCostNano;
                return groups;
            }

            var builder = new CostGroupBuilder(keys, query.TimeZone ?? TimeZoneInfo.Utc);
            // Only the values the query groups by, as the engines' readers give them (a session-less request is "").
            bool bySession = keys.Contains(CostGrouping.Session), byModel = keys.Contains(CostGrouping.Model);
            bool byProvider = byModel || keys.Contains(CostGrouping.Provider), byTag = keys.Contains(CostGrouping.Tag);
            foreach (var r in store.GetCostFacts(query.Ungrouped()))
            {
                long contracted = terms.ContractedCostNano(r.Provider, r.Model, r.OccurredAtUtc, r.CostNano) ?? 0;
                builder.Add(UnixMs.From(r.OccurredAtUtc), bySession ? r.SessionId ?? "" : null, byProvider ? r.Provider : null, byModel ? r.Model : null,
                    byTag ? TagKey(r.StoredTags) : null, new CostTotals { Requests = 1, CostNano = contracted });
            }

            var byGroup = builder.Finish().ToDictionary(g => (g.Key, g.Provider ?? ""), g => g.Totals.CostNano);
            foreach (var g in groups) g.Totals.ContractedCostNano = byGroup.TryGetValue((g.Key, g.Provider ?? ""), out long c) ? c : 0;
            return groups;
        }

        private static ContractTerms? Terms(ICostStore store)
        {
            var terms = ContractTerms.Of(store);
            return terms.IsEmpty ? null : terms;
        }

        /// <summary>
        /// A request's tag key as the engines store it: every stored value was written by <see cref="StoredTags.Encode"/>,
        /// so it is already in that form (decoding and encoding it again per row gave the same text, at a cost).
        /// </summary>
        private static string? TagKey(string? stored) => string.IsNullOrEmpty(stored) ? null : stored;
    }
}
