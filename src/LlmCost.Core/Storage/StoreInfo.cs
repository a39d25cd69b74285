using System;

namespace LlmCost.Core.Storage
{
    /// <summary>What a store holds: schema version, counts and size.</summary>
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
}
