using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// Re-pricing stored requests with the prices now in effect at each request's time (after a price was added or
    /// corrected): the same <see cref="RequestPricer"/> as recording, a preview that changes nothing, and an audit
    /// record of every run that changed costs.
    /// </summary>
    public sealed class Repricer
    {
        private readonly ICostStore _store;

        public Repricer(ICostStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>
        /// Per model: rows examined and changed, old and new totals. With <paramref name="preview"/> nothing is written.
        /// <paramref name="progress"/> hears the number of requests done every 10,000. A run stopped or failing part-way
        /// keeps the batches it committed, and the audit trail records them (its reason says it was stopped) before the
        /// exception goes on.
        /// </summary>
        public (IReadOnlyList<RepriceLine> Lines, RepriceRun? Run) Reprice(CostQuery scope, bool preview, string? reason, string runBy,
            CancellationToken cancel = default, Action<long>? progress = null)
        {
            var pricer = new RequestPricer(_store.Prices);
            var lines = new Dictionary<(string, string), RepriceLine>();
            long examined = 0;

            // Pure: the store may call it on another thread, and again for a row changed meanwhile.
            CostUpdate? Price(StoredPricing r)
            {
                var record = new UsageRecord(r.Provider, r.Model, r.OccurredAtUtc,
                    new TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens))
                {
                    IsBatch = r.IsBatch,
                    ServiceTier = r.ServiceTier,
                };
                PriceLookup lookup;
                long? cost;
                try
                {
                    (lookup, cost) = pricer.CostOf(record);
                }
                catch (LlmCostException)
                {
                    return null; // a price that would put it out of range: the request keeps its stored cost
                }

                string status = PricedRequest.StatusText(lookup.Status);
                string? priceRef = lookup.Price?.Reference;
                if (cost == r.CostNano && status == r.PricingStatus && priceRef == r.PriceRef) return null;
                return new CostUpdate { CostNano = cost, PricingStatus = status, PricedModel = lookup.PricedModel, PriceRef = priceRef };
            }

            // Once per row, on this thread, after its new price is committed.
            void Count(RepricedRow r)
            {
                if (++examined % 10_000 == 0) progress?.Invoke(examined);
                if (!lines.TryGetValue((r.Provider, r.Model), out var line)) lines[(r.Provider, r.Model)] = line = new RepriceLine { Provider = r.Provider, Model = r.Model };
                line.Rows++;
                line.OldTotalNano += r.OldCostNano ?? 0;
                line.NewTotalNano += r.Update != null ? r.Update.CostNano ?? 0 : r.OldCostNano ?? 0;
                if (r.Update == null) return;
                line.Changed++;
                if (r.OldCostNano == null && r.Update.CostNano != null) line.NewlyPriced++;
            }

            try
            {
                _store.Reprice(scope, Price, Count, write: !preview, cancel);
            }
            catch (Exception) when (!preview && lines.Values.Any(l => l.Changed > 0))
            {
                // What was committed stays re-priced: the audit trail says so, whatever stopped the rest.
                try
                {
                    Record(Order(lines), (reason == null ? "" : reason + "; ") + $"stopped after {examined:N0} requests", scope, runBy, examined);
                }
                catch (Exception)
                {
                    // The store cannot take the record either: the error that stopped the run is the one to report.
                }

                throw;
            }

            var ordered = Order(lines);
            long changed = ordered.Sum(l => l.Changed);
            if (preview || changed == 0) return (ordered, null);
            return (ordered, Record(ordered, reason, scope, runBy, examined));
        }

        private static List<RepriceLine> Order(Dictionary<(string, string), RepriceLine> lines) =>
            lines.Values.OrderBy(l => l.Provider, StringComparer.Ordinal).ThenBy(l => l.Model, StringComparer.Ordinal).ToList();

        /// <summary>Keeps a run in the audit trail.</summary>
        private RepriceRun Record(List<RepriceLine> ordered, string? reason, CostQuery scope, string runBy, long examined)
        {
            var run = new RepriceRun
            {
                RunAtUtc = DateTime.UtcNow,
                RunBy = runBy,
                Reason = reason,
                Scope = Describe(scope),
                RowsExamined = examined,
                RowsChanged = ordered.Sum(l => l.Changed),
                NewlyPriced = ordered.Sum(l => l.NewlyPriced),
                OldTotalNano = ordered.Sum(l => l.OldTotalNano),
                NewTotalNano = ordered.Sum(l => l.NewTotalNano),
            };
            run.RunId = _store.AddRepriceRun(run);
            return run;
        }

        /// <summary>
        /// The scope of stored requests a new or corrected price applies to (its provider and model, from its date), and how
        /// many there are: front ends tell the user to re-price them, since stored costs are never changed silently.
        /// </summary>
        public (CostQuery Scope, long Requests) Affected(ModelPrice price)
        {
            var scope = new CostQuery
            {
                Providers = new[] { price.Provider },
                Models = new[] { price.Model },
                Since = price.EffectiveFrom,
                Until = price.EffectiveTo,
            };
            ModelFilter.Expand(scope, _store);
            return (scope, _store.GetTotals(scope).Requests);
        }

        /// <summary>The filters of a run as one line of text for the audit trail.</summary>
        /// <summary>
        /// How many stored requests a set of prices just added would re-price, and the earliest date they start: counted
        /// only for the models the store holds requests of (a LiteLLM file has thousands of entries; a store, a few models).
        /// </summary>
        public (long Requests, DateTime? Since) AffectedBy(IEnumerable<ModelPrice> added)
        {
            var stored = _store.GetModels();
            long requests = 0;
            DateTime? since = null;
            bool all = false;
            foreach (var price in added)
            {
                string provider = PriceCatalog.NormalizeProvider(price.Provider);
                if (!stored.Any(m => m.Provider == provider && m.Model.StartsWith(price.Model, StringComparison.OrdinalIgnoreCase))) continue;
                var (_, n) = Affected(price);
                if (n == 0) continue;
                requests += n;
                if (price.EffectiveFrom == null) all = true;
                else if (since == null || price.EffectiveFrom < since) since = price.EffectiveFrom;
            }

            return (requests, all ? null : since);
        }

        public static string Describe(CostQuery q)
        {
            var parts = q.GivenFilters().Select(f => $"{f.Filter.ToLowerInvariant()}={f.Value}").ToList();
            if (q.Since.HasValue) parts.Add("since=" + q.Since.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            if (q.Until.HasValue) parts.Add("until=" + q.Until.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            return parts.Count == 0 ? "all" : string.Join(" ", parts);
        }
    }
}
