using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;

namespace LlmCost.Core.Export
{
    /// <summary>
    /// Stored costs as FinOps FOCUS 1.2 rows (docs/reports.md has the column mapping): one row per charge period (a
    /// day) × provider × model × token kind × batch, or per request × token kind with <c>detail</c>. A request's cost is
    /// split by token kind with the price it was charged at; the parts are apportioned so that they add up to the stored
    /// cost to the nano-dollar. Requests without a price have no cost to bill and are left out (counted in
    /// <see cref="Unpriced"/>, for a warning). List cost is at the list price; contracted, effective and billed cost are that less the
    /// contract discount in effect (Set-LlmContractDiscount). Requests are streamed: a detail export of 1M requests holds one at a time.
    /// </summary>
    public sealed class FocusExport
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
            "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName",
            "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuPriceId", "Tags",
            "x_Provider", "x_Model", "x_PricedModel", "x_TokenKind", "x_Batch", "x_Requests", "x_SessionId", "x_RequestKey",
        };

        private static readonly string[] Kinds = { "input", "cache-read", "cache-write-5m", "cache-write-1h", "output", "request" };
        private static readonly string[] KindText = { "input tokens", "cache read tokens", "5-minute cache write tokens", "1-hour cache write tokens", "output tokens", "requests" };

        private readonly ICostStore _store;
        private Pricing.ContractTerms? _terms;
        private readonly Dictionary<string, string> _providerNames = new Dictionary<string, string>(StringComparer.Ordinal);

        public FocusExport(ICostStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

        /// <summary>Requests left out because they have no price (set after the rows are enumerated).</summary>
        public long Unpriced { get; private set; }

        /// <summary>
        /// The rows, in <see cref="Columns"/> order. Charge periods are days in the query's time zone (UTC when none),
        /// billing periods calendar months in UTC, as providers bill.
        /// </summary>
        public IEnumerable<object?[]> Rows(CostQuery query, bool detail, CancellationToken cancel = default)
        {
            var tz = query.TimeZone ?? TimeZoneInfo.Utc;
            Unpriced = 0;
            var groups = new SortedDictionary<(long Day, string Provider, string Model, int Kind, bool Batch), Group>();
            foreach (var r in _store.GetRequests(query))
            {
                cancel.ThrowIfCancellationRequested();
                if (r.CostNano == null)
                {
                    Unpriced++;
                    continue;
                }

                long[] parts = Split(r);
                _terms ??= Pricing.ContractTerms.Of(_store);
                long contracted = _terms.ContractedCostNano(r.Provider, r.Model, r.OccurredAtUtc, r.CostNano)!.Value;
                long[] contractedParts = contracted == r.CostNano ? parts : Apportion(parts.Select(p => (decimal)p).ToArray(), contracted);
                long[] quantities = { r.UncachedInputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.OutputTokens, 1 };
                var day = CalendarPeriods.Containing(r.OccurredAtUtc, CostGrouping.Day, tz);
                for (int k = 0; k < Kinds.Length; k++)
                {
                    if (parts[k] == 0 && (k == 5 || quantities[k] == 0)) continue;
                    if (detail)
                    {
                        yield return Row(r.Provider, r.Model, r.PricedModel, k, r.IsBatch, quantities[k], parts[k], contractedParts[k], 1, r.OccurredAtUtc,
                            r.OccurredAtUtc.AddTicks(TimeSpan.TicksPerMillisecond), r.SessionId, r.RequestKey, r.Tags);
                        continue;
                    }

                    var key = (day.StartUtc.Ticks, r.Provider, r.Model, k, r.IsBatch);
                    if (!groups.TryGetValue(key, out var g))
                    {
                        groups[key] = g = new Group { StartUtc = day.StartUtc, EndUtc = day.EndUtc, PricedModel = r.PricedModel };
                    }

                    g.Quantity += quantities[k];
                    g.CostNano = checked(g.CostNano + parts[k]);
                    g.ContractedCostNano = checked(g.ContractedCostNano + contractedParts[k]);
                    g.Requests++;
                }
            }

            foreach (var kv in groups)
            {
                var g = kv.Value;
                yield return Row(kv.Key.Provider, kv.Key.Model, g.PricedModel, kv.Key.Kind, kv.Key.Batch, g.Quantity, g.CostNano, g.ContractedCostNano, g.Requests, g.StartUtc, g.EndUtc,
                    null, null, null);
            }
        }

        /// <summary>
        /// The stored cost split by token kind with the price in force at the request's time. The parts are rounded
        /// to nano-USD and the rounding difference (or, for a request priced before a later price change, the whole
        /// difference, in proportion) is apportioned so that they add up to the stored cost exactly.
        /// </summary>
        private long[] Split(RequestCost r)
        {
            long total = r.CostNano!.Value;
            var lookup = _store.Prices.Lookup(r.Provider, r.Model, r.OccurredAtUtc);
            decimal[] exact;
            if (lookup.Price == null)
            {
                exact = new decimal[] { 0, 0, 0, 0, 0, 0 };
            }
            else
            {
                var tokens = new Usage.TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens);
                // Split with the prices of the request's service tier, as it was priced.
                var b = CostCalculator.CalculateOnTier(tokens, lookup.Price, r.IsBatch, r.ServiceTier) ?? CostCalculator.Calculate(tokens, lookup.Price, r.IsBatch);
                exact = new[] { b.UncachedInput, b.CacheRead, b.CacheWrite5m, b.CacheWrite1h, b.Output, b.PerRequest };
                for (int i = 0; i < exact.Length; i++) exact[i] *= b.BatchMultiplier;
            }

            if (exact.Sum() <= 0)
            {
                // No breakdown (the price is gone): the whole cost on the output, or the input when there is none.
                var parts = new long[exact.Length];
                parts[r.OutputTokens > 0 ? 4 : 0] = total;
                return parts;
            }

            return Apportion(exact, total);
        }

        /// <summary>
        /// <paramref name="total"/> split in proportion to <paramref name="weights"/>, rounded to nano-USD, the rounding
        /// difference on the largest part, so the parts add up to the total exactly (all 0 when the weights are).
        /// </summary>
        private static long[] Apportion(IReadOnlyList<decimal> weights, long total)
        {
            decimal sum = weights.Sum();
            var parts = new long[weights.Count];
            if (sum == 0) return parts;
            long given = 0;
            int largest = 0;
            for (int i = 0; i < weights.Count; i++)
            {
                parts[i] = (long)decimal.Round(weights[i] / sum * total, 0, MidpointRounding.AwayFromZero);
                given += parts[i];
                if (parts[i] > parts[largest]) largest = i;
            }

            parts[largest] += total - given;
            return parts;
        }

        // List cost is the cost at the list (catalog or custom) price; contracted, effective and billed cost are that less
        // the contract discount in effect (the same when there is none).
        private object?[] Row(string provider, string model, string? pricedModel, int kind, bool batch, long quantity, long costNano, long contractedNano, long requests,
            DateTime startUtc, DateTime endUtc, string? session, string? requestKey, IReadOnlyList<string>? tags)
        {
            decimal cost = Nano.ToDecimal(costNano);
            decimal contracted = Nano.ToDecimal(contractedNano);
            decimal? unitPrice = quantity == 0 ? (decimal?)null : decimal.Round(cost / quantity, 15, MidpointRounding.AwayFromZero);
            decimal? contractedUnitPrice = quantity == 0 ? (decimal?)null : decimal.Round(contracted / quantity, 15, MidpointRounding.AwayFromZero);
            string name = ProviderName(provider);
            var month = new DateTime(startUtc.Year, startUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            string sku = provider + "/" + model + "/" + Kinds[kind] + (batch ? "/batch" : "");
            return new object?[]
            {
                contracted, provider, name + " (as recorded by LlmCost)", "USD", month.AddMonths(1), month,
                "Usage", null, $"{model} {KindText[kind]}{(batch ? " (batch)" : "")}, {name}", "Usage-Based", endUtc, startUtc,
                quantity, kind == 5 ? "Requests" : "Tokens", contracted, contractedUnitPrice, contracted, name,
                cost, unitPrice, "Standard", quantity, kind == 5 ? "Requests" : "Tokens", name, name,
                "AI and Machine Learning", name + " API", "Generative AI", sku, pricedModel == null ? sku : sku + "@" + pricedModel, TagsJson(session, tags),
                provider, model, pricedModel, Kinds[kind], batch, requests, session, requestKey,
            };
        }

        /// <summary>The catalog's display name of a provider (OpenAI for openai), else its id; looked up once per provider.</summary>
        private string ProviderName(string provider)
        {
            if (_providerNames.TryGetValue(provider, out var name)) return name;
            name = _store.Prices.Catalog.Providers.FirstOrDefault(p => string.Equals(p.Id, provider, StringComparison.OrdinalIgnoreCase))?.Name ?? provider;
            _providerNames[provider] = name;
            return name;
        }

        /// <summary>FOCUS Tags: a JSON object; the session and each of our tags (a tag 'k:v' becomes key k, value v).</summary>
        private static string TagsJson(string? session, IReadOnlyList<string>? tags)
        {
            var pairs = new List<(string, string)>();
            if (session != null) pairs.Add(("llmcost/session", session));
            if (tags != null)
            {
                foreach (string t in tags)
                {
                    int colon = t.IndexOf(':');
                    pairs.Add(colon > 0 ? (t.Substring(0, colon), t.Substring(colon + 1)) : (t, ""));
                }
            }

            var sb = new StringBuilder("{");
            foreach (var (k, v) in pairs)
            {
                if (sb.Length > 1) sb.Append(',');
                sb.Append(Json.JsonText.Quote(k)).Append(':').Append(Json.JsonText.Quote(v));
            }

            return sb.Append('}').ToString();
        }

        private sealed class Group
        {
            public DateTime StartUtc;
            public DateTime EndUtc;
            public string? PricedModel;
            public long Quantity;
            public long CostNano;
            public long ContractedCostNano;
            public long Requests;
        }
    }
}
