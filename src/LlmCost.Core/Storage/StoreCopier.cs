using System;
using System.Linq;
using System.Threading;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// Copies one store into another, between any two engines (a laptop's SQLite file into the PostgreSQL team store,
    /// or back). Requests keep their request keys and stored costs (a copy does not re-price), so running it again adds
    /// nothing; custom prices are added unless the same price is already there; budgets are created or updated by
    /// name. Alerts and their deliveries are not copied: each store alerts for itself.
    /// </summary>
    public static class StoreCopier
    {
        public static StoreCopyResult Copy(ICostStore source, ICostStore destination, Action<long>? progress = null, CancellationToken cancel = default)
        {
            if (string.Equals(source.Path, destination.Path, StringComparison.Ordinal))
            {
                throw new LlmCostException("SameStore", $"The source and the destination are the same store ({source.Path}).");
            }

            var result = new StoreCopyResult { Source = source.Path, Destination = destination.Path };
            // Prices first: a request recorded later in the destination is priced with what the source knew.
            result.PricesAdded = destination.AddPrices(source.GetCustomPrices()).Added;
            foreach (var budget in source.GetBudgets())
            {
                destination.SaveBudget(budget, budget.UpdatedUtc);
                result.Budgets++;
            }

            // The bill's lines, report by report: saving replaces a bucket's lines, so a rerun adds nothing.
            foreach (var report in source.GetProviderCosts(null, null, null).GroupBy(l => (l.Provider, l.Kind)))
            {
                var lines = report.ToList();
                destination.SaveProviderCosts(new Billing.ProviderCostReport
                {
                    Provider = report.Key.Provider,
                    Kind = report.Key.Kind,
                    Buckets = lines.Select(l => l.StartsAtUtc).Distinct().ToList(),
                    Lines = lines,
                    Source = source.Path,
                });
                result.ProviderCostLines += lines.Count;
            }

            using (var writer = destination.OpenBulkWriter(DuplicatePolicy.Skip, 8192))
            {
                foreach (var row in source.GetRequests(new CostQuery()))
                {
                    cancel.ThrowIfCancellationRequested();
                    writer.Add(AsStored(row));
                    if (++result.Requests % 10_000 == 0) progress?.Invoke(result.Requests);
                }

                var written = writer.Complete();
                result.Added = written.Added;
                result.AlreadyThere = written.Duplicates + written.Replaced;
            }

            progress?.Invoke(result.Requests);
            return result;
        }

        /// <summary>A stored request as the writers take it: its key, cost and pricing as stored, not priced again.</summary>
        private static PricedRequest AsStored(RequestCost r)
        {
            var tokens = new TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens);
            var record = new UsageRecord(r.Provider, r.Model, r.OccurredAtUtc, tokens)
            {
                RequestId = r.RequestId,
                SessionId = r.SessionId,
                IsBatch = r.IsBatch,
                ServiceTier = r.ServiceTier,
                Tags = r.Tags.Count == 0 ? null : r.Tags,
                Source = r.Source,
                LatencyMs = r.LatencyMs,
                SourceCost = r.SourceCost,
            };
            return new PricedRequest
            {
                Record = record,
                RequestKey = r.RequestKey,
                Provider = r.Provider,
                Model = r.Model,
                PricedModel = r.PricedModel,
                SessionId = r.SessionId,
                OccurredAtUtc = r.OccurredAtUtc,
                Tokens = tokens,
                Tags = record.Tags,
                CostNano = r.CostNano,
                PriceRef = r.PriceRef,
                Status = PricedRequest.StatusOf(r.PricingStatus),
            };
        }
    }
}
