using System;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>The catalog a store prices with, after Update-LlmModelPrice.</summary>
    public sealed class LlmPriceCatalog
    {
        /// <summary>"store" for a catalog kept in the store, "builtin" for the module's own.</summary>
        public string Kind { get; set; } = "builtin";
        public string Source { get; set; } = "";
        public DateTime? LoadedAt { get; set; }
        public string? Sha256 { get; set; }
        public int Models { get; set; }

        internal static LlmPriceCatalog From(StoredCatalog? c) => c == null
            ? new LlmPriceCatalog { Kind = "builtin", Source = "built-in catalog", Models = System.Linq.Enumerable.Count(PriceCatalog.Builtin.Models) }
            : new LlmPriceCatalog { Kind = "store", Source = c.Source, LoadedAt = c.LoadedAtUtc, Sha256 = c.Sha256, Models = c.Models };
    }
}
