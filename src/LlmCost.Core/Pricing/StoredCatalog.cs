using System;

namespace LlmCost.Core.Pricing
{
    /// <summary>A catalog kept in a store in place of the built-in one (Update-LlmModelPrice).</summary>
    public sealed class StoredCatalog
    {
        public long Id { get; set; }
        public DateTime LoadedAtUtc { get; set; }
        public string Source { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public int Models { get; set; }
    }
}
