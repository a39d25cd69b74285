using System;
using System.Collections.Generic;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// A request as <see cref="RequestPricer"/> priced it (provider, model, cost, request key), and what storing it did
    /// (<see cref="Added"/>, <see cref="Replaced"/>, set by the store's writer).
    /// </summary>
    public sealed class PricedRequest
    {
        /// <summary>The record as it was given.</summary>
        public UsageRecord Record { get; set; } = null!;
        public string RequestKey { get; set; } = "";
        /// <summary>Storage-engine scratch value computed where the request is priced (the SQLite adapter's 64-bit key hash).</summary>
        internal long StorageHash { get; set; }
        public bool Added { get; set; }
        public bool Replaced { get; set; }
        public bool Duplicate => !Added && !Replaced;
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public string? SessionId { get; set; }
        public DateTime OccurredAtUtc { get; set; }
        public PricingStatus Status { get; set; }
        /// <summary>Cost in nano-USD; null when unpriced (never 0 for an unknown model).</summary>
        public long? CostNano { get; set; }
        public decimal? Cost => Money.Nano.ToDecimal(CostNano);
        public TokenUsage Tokens { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        /// <summary>The price row used (see <see cref="ModelPrice.Reference"/>), null when unpriced.</summary>
        public string? PriceRef { get; set; }

        /// <summary>Why the request has no price, for warnings; null when priced.</summary>
        public string? UnpricedReason { get; set; }

        /// <summary>The model has a price, but not for the service tier the request ran on (<see cref="ServiceTiers"/>).</summary>
        public bool UnpricedTier { get; set; }

        /// <summary>The status as stored and shown: priced, custom or unpriced.</summary>
        public static string StatusText(PricingStatus s) => s switch
        {
            PricingStatus.Priced => "priced",
            PricingStatus.Custom => "custom",
            _ => "unpriced",
        };

        /// <summary>The status a stored pricing_status text stands for (the inverse of <see cref="StatusText"/>).</summary>
        internal static PricingStatus StatusOf(string text) => text switch
        {
            "priced" => PricingStatus.Priced,
            "custom" => PricingStatus.Custom,
            _ => PricingStatus.Unpriced,
        };
    }
}
