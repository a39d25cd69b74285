using System;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Output
{
    public sealed class LlmStoreInfo
    {
        public string Path { get; set; } = "";
        public int SchemaVersion { get; set; }
        public int SupportedSchemaVersion { get; set; }
        public string? CreatedWith { get; set; }
        public string? UpgradedWith { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long Sessions { get; set; }
        public long CustomPrices { get; set; }
        public long Budgets { get; set; }
        public long SizeBytes { get; set; }
        public DateTime? FirstRequest { get; set; }
        public DateTime? LastRequest { get; set; }

        internal static LlmStoreInfo From(StoreInfo i) => new LlmStoreInfo
        {
            Path = i.Path,
            SchemaVersion = i.SchemaVersion,
            SupportedSchemaVersion = i.CodeSchemaVersion,
            CreatedWith = i.CreatedWith,
            UpgradedWith = i.UpgradedWith,
            Requests = i.Requests,
            UnpricedRequests = i.UnpricedRequests,
            Sessions = i.Sessions,
            CustomPrices = i.CustomPrices,
            Budgets = i.Budgets,
            SizeBytes = i.SizeBytes,
            FirstRequest = i.FirstRequestUtc,
            LastRequest = i.LastRequestUtc,
        };
    }
}
