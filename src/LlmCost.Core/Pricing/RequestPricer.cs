using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using LlmCost.Core.Money;
using LlmCost.Core.Time;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// The one place a usage record becomes a <see cref="PricedRequest"/>: validated, priced with the price in effect at
    /// its time, and given its request key. Independent of storage, so recording, importing and re-pricing share it.
    /// </summary>
    public sealed class RequestPricer
    {
        /// <summary>The scheme of the key of a request without an id (see <see cref="RequestKeyFor"/>).</summary>
        public const string ContentKeyScheme = "sha256";

        /// <summary>
        /// The most one request may cost (USD): far above any real request, and low enough that stored sums of nano-USD
        /// (at most 9.2e18) hold millions of them.
        /// </summary>
        public const decimal MaxRequestCost = 1_000_000m;

        public RequestPricer(PriceBook prices)
        {
            Prices = prices ?? throw new ArgumentNullException(nameof(prices));
        }

        public PriceBook Prices { get; }

        /// <summary>Throws <see cref="InvalidUsageException"/> naming the field when the record cannot be stored.</summary>
        [MethodImpl(JitHints.Hot)]
        public PricedRequest Price(UsageRecord record)
        {
            record.Validate();
            return PriceValidated(record);
        }

        /// <summary>Prices a record the caller has already validated with <see cref="UsageRecord.Validate"/> (the import checks each line as it reads it).</summary>
        [MethodImpl(JitHints.Hot)]
        public PricedRequest PriceValidated(UsageRecord record)
        {
            var (lookup, cost) = CostOf(record);
            string? reason = cost != null ? null
                : lookup.TierWithoutPrice ? ServiceTiers.NoPriceReason(record.ServiceTier!, lookup.Provider, lookup.Model)
                : $"no price is known for model '{lookup.Model}' (provider '{lookup.Provider}')";

            return new PricedRequest
            {
                Record = record,
                Provider = lookup.Provider,
                Model = lookup.Model,
                PricedModel = lookup.PricedModel,
                SessionId = string.IsNullOrEmpty(record.SessionId) ? null : record.SessionId,
                OccurredAtUtc = record.OccurredAtUtc,
                Status = lookup.Status,
                CostNano = cost,
                Tokens = record.Tokens,
                Tags = record.Tags,
                RequestKey = RequestKeyFor(lookup.Provider, lookup.Model, record),
                PriceRef = lookup.Price?.Reference,
                UnpricedReason = reason,
                UnpricedTier = lookup.TierWithoutPrice,
            };
        }

        /// <summary>
        /// The price in effect for a record and its cost in nano-USD (null when unpriced), without the rest of a
        /// <see cref="PricedRequest"/>: re-pricing stored requests needs no request key (hashing one per row was a third
        /// of a re-pricing's pricing time).
        /// </summary>
        [MethodImpl(JitHints.Hot)]
        public (PriceLookup Lookup, long? CostNano) CostOf(UsageRecord record)
        {
            var lookup = Prices.Lookup(record.Provider, record.Model, record.OccurredAtUtc);
            if (lookup.Price == null) return (lookup, null);
            decimal? cost = CostCalculator.TotalOnTier(record.Tokens, lookup.Price, record.IsBatch, record.ServiceTier);
            // A tier without a price of its own: unpriced, never the standard price (ServiceTiers).
            if (cost == null) return (lookup.WithoutTierPrice(), null);
            decimal total = cost.Value;
            if (total > MaxRequestCost)
            {
                throw new InvalidUsageException("CostOutOfRange",
                    $"The request would cost {total:N2} USD ({lookup.Provider}/{lookup.Model}), above the {MaxRequestCost:N0} USD one request may cost: check its counts and price.",
                    new[] { "Tokens" });
            }

            return (lookup, Nano.FromDecimal(total));
        }

        /// <summary>provider:request id, or a content hash when the request has no id.</summary>
        public static string RequestKeyFor(string provider, string model, UsageRecord r)
        {
            if (!string.IsNullOrEmpty(r.RequestId)) return provider + ":" + r.RequestId;
            var t = r.Tokens;
            string content = string.Join("|", provider, model, UnixMs.From(r.OccurredAtUtc).ToString(CultureInfo.InvariantCulture),
                r.SessionId ?? "", t.InputTokens, t.CacheReadTokens, t.CacheWrite5mTokens, t.CacheWrite1hTokens,
                t.OutputTokens, t.ReasoningTokens, r.IsBatch ? "b" : "");
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(content));
            var sb = new StringBuilder(ContentKeyScheme + ":", 7 + 32);
            for (int i = 0; i < 16; i++) sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
