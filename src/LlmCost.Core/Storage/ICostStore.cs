using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Storage
{
    public enum DuplicatePolicy
    {
        /// <summary>A request key already stored is left as it is.</summary>
        Skip,
        /// <summary>A request key already stored is overwritten when the new record differs (a later snapshot of a streamed message).</summary>
        Replace,
    }

    /// <summary>What happened to one recorded request.</summary>
    public sealed class RecordResult
    {
        public string RequestKey { get; set; } = "";
        /// <summary><see cref="SqliteCostStore.RequestKeyHash"/> of the key, computed where the record is priced (the reading thread of a bulk import).</summary>
        internal long RequestHash { get; set; }
        public bool Added { get; set; }
        public bool Replaced { get; set; }
        public bool Duplicate => !Added && !Replaced;
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public string? SessionId { get; set; }
        public DateTime OccurredAtUtc { get; set; }
        public PricingStatus Status { get; set; }
        public long? CostNano { get; set; }
        public decimal? Cost => Money.Nano.ToDecimal(CostNano);
        public TokenUsage Tokens { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        /// <summary>The price row used (see <see cref="ModelPrice.Reference"/>), null when unpriced.</summary>
        public string? PriceRef { get; set; }
    }

    public sealed class BatchResult
    {
        public long Added { get; set; }
        public long Replaced { get; set; }
        public long Duplicates { get; set; }
        public long Unpriced { get; set; }
    }

    public sealed class StoreInfo
    {
        public string Path { get; set; } = "";
        public int SchemaVersion { get; set; }
        public int CodeSchemaVersion { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long Sessions { get; set; }
        public long CustomPrices { get; set; }
        public long Budgets { get; set; }
        public long SizeBytes { get; set; }
        public DateTime? FirstRequestUtc { get; set; }
        public DateTime? LastRequestUtc { get; set; }
    }

    /// <summary>
    /// The narrow storage interface every front end uses. SQLite implements it; another engine (PostgreSQL) can too.
    /// </summary>
    public interface ICostStore : IDisposable
    {
        string Path { get; }
        PriceBook Prices { get; }

        RecordResult Record(UsageRecord record, DuplicatePolicy policy = DuplicatePolicy.Skip);

        /// <summary>Records many requests in transactions of <paramref name="batchSize"/>; <paramref name="onRecorded"/> sees each outcome.</summary>
        BatchResult RecordMany(IEnumerable<UsageRecord> records, DuplicatePolicy policy = DuplicatePolicy.Skip,
            Action<RecordResult>? onRecorded = null, int batchSize = 5000);

        CostTotals GetTotals(CostQuery query);
        IReadOnlyList<CostGroup> GetCosts(CostQuery query);
        IEnumerable<RequestCost> GetRequests(CostQuery query);

        ModelPrice AddPrice(ModelPrice price);

        /// <summary>Adds many prices in one transaction, skipping ones identical to what is stored.</summary>
        (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null);
        IReadOnlyList<ModelPrice> GetCustomPrices();
        PriceLookup LookupPrice(string? provider, string model, DateTime atUtc);

        IReadOnlyList<string> GetSessionIds(string? prefix = null, int limit = 1000);
        StoreInfo GetInfo();
    }
}
