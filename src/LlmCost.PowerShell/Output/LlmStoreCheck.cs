using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Output
{
    /// <summary>What Test-LlmCostStore found.</summary>
    public sealed class LlmStoreCheck
    {
        public string Path { get; set; } = "";
        public bool Healthy { get; set; }
        /// <summary>"ok", or the problems the integrity check reported, joined by "; ".</summary>
        public string Integrity { get; set; } = "";
        public long RollupMismatches { get; set; }
        public long DuplicateRequestKeys { get; set; }
        public long Requests { get; set; }
        public string Problems { get; set; } = "";

        internal static LlmStoreCheck From(StoreCheck c) => new LlmStoreCheck
        {
            Path = c.Path,
            Healthy = c.Healthy,
            Integrity = string.Join("; ", c.Integrity),
            RollupMismatches = c.RollupMismatches,
            DuplicateRequestKeys = c.DuplicateRequestKeys,
            Requests = c.Requests,
            Problems = string.Join("; ", c.Problems()),
        };
    }
}
