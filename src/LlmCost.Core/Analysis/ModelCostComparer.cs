using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Analysis
{
    /// <summary>
    /// What-if: the stored usage of a scope priced again, request by request (so context tiers apply per request, never to
    /// totals), with another model, batch mode or a cache hit rate, next to what it cost as stored.
    /// </summary>
    public static class ModelCostComparer
    {
        public static IReadOnlyList<ModelCostComparison> Compare(ICostStore store, CostQuery scope, IReadOnlyList<WhatIfScenario> scenarios, CancellationToken cancel = default)
        {
            if (scenarios.Count == 0) throw new LlmCostException("NoAlternative", "Name at least one alternative: a model, -Batch or -CacheHitRate.");
            foreach (var s in scenarios)
            {
                if (s.CacheHitRate is decimal rate && (rate < 0m || rate > 1m))
                {
                    throw new LlmCostException("InvalidCacheHitRate", $"The cache hit rate must be between 0 and 1 (0.5 is half the input from the cache), got {rate}.");
                }
            }

            var prices = store.Prices;
            var results = scenarios.Select(s => new ModelCostComparison { Alternative = s.Label, Scenario = s }).ToList();
            var costNano = new long[scenarios.Count];
            var actualNano = new long[scenarios.Count];
            // Per alternative: each model it could not price, with how many requests and their first and last day.
            var missing = scenarios.Select(_ => new SortedDictionary<string, (long Count, DateTime First, DateTime Last)>(StringComparer.Ordinal)).ToList();
            void NotPriced(int i, string key, DateTime at)
            {
                results[i].NotPriced++;
                missing[i][key] = missing[i].TryGetValue(key, out var m)
                    ? (m.Count + 1, at < m.First ? at : m.First, at > m.Last ? at : m.Last)
                    : (1, at, at);
            }

            foreach (var r in store.GetRequests(scope))
            {
                cancel.ThrowIfCancellationRequested();
                var stored = new TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens);
                for (int i = 0; i < scenarios.Count; i++)
                {
                    var s = scenarios[i];
                    var result = results[i];
                    result.Requests++;
                    string? provider = s.Model == null ? r.Provider : s.Provider;
                    string model = s.Model ?? r.Model;
                    var lookup = prices.Lookup(provider, model, r.OccurredAtUtc);
                    if (lookup.Price == null)
                    {
                        NotPriced(i, lookup.Provider + "/" + lookup.Model, r.OccurredAtUtc);
                        continue;
                    }

                    if (r.CostNano == null)
                    {
                        result.StoredUnpriced++;
                        continue;
                    }

                    var tokens = s.CacheHitRate.HasValue ? WithCacheHitRate(stored, s.CacheHitRate.Value) : stored;
                    // On the request's own service tier: a tier the alternative has no price for is not priced, never standard.
                    var breakdown = CostCalculator.CalculateOnTier(tokens, lookup.Price, s.Batch || r.IsBatch, r.ServiceTier);
                    if (breakdown == null)
                    {
                        NotPriced(i, lookup.Provider + "/" + lookup.Model + " on the " + r.ServiceTier + " tier", r.OccurredAtUtc);
                        continue;
                    }

                    decimal cost = breakdown.Total;
                    costNano[i] = checked(costNano[i] + Nano.FromDecimal(cost));
                    actualNano[i] = checked(actualNano[i] + r.CostNano.Value);
                    result.Compared++;
                }
            }

            for (int i = 0; i < results.Count; i++)
            {
                results[i].Cost = Nano.ToDecimal(costNano[i]);
                results[i].ActualCost = Nano.ToDecimal(actualNano[i]);
                results[i].Reasons = missing[i].Take(10).Select(kv => $"no price for {kv.Key} ({kv.Value.Count} request{(kv.Value.Count == 1 ? "" : "s")}, " +
                    (kv.Value.First.Date == kv.Value.Last.Date ? $"{kv.Value.First:yyyy-MM-dd})" : $"{kv.Value.First:yyyy-MM-dd} to {kv.Value.Last:yyyy-MM-dd})")).ToList();
            }

            return results;
        }

        /// <summary>
        /// The counts with round(rate × input) read from the cache; the cache writes kept as far as the rest of the input
        /// allows (5-minute ones first); input and output unchanged.
        /// </summary>
        public static TokenUsage WithCacheHitRate(TokenUsage t, decimal rate)
        {
            long read = (long)decimal.Round(rate * t.InputTokens, MidpointRounding.AwayFromZero);
            long w5m = Math.Min(t.CacheWrite5mTokens, t.InputTokens - read);
            long w1h = Math.Min(t.CacheWrite1hTokens, t.InputTokens - read - w5m);
            return new TokenUsage(t.InputTokens, t.OutputTokens, read, w5m, w1h, t.ReasoningTokens);
        }
    }
}
