using System;

namespace LlmCost.Core.Storage
{
    /// <summary>What a store holds: schema version, counts and size.</summary>
    public sealed class StoreInfo
    {
        public string Path { get; set; } = "";
        public int SchemaVersion { get; set; }
        public int CodeSchemaVersion { get; set; }
        /// <summary>The LlmCost version that created the store; null for stores created before 0.2.0.</summary>
        public string? CreatedWith { get; set; }
        /// <summary>The LlmCost version that last brought the schema up to date.</summary>
        public string? UpgradedWith { get; set; }
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
