using System.Collections.Generic;
using LlmCost.Core.Analysis;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One alternative of Compare-LlmModelCost.</summary>
    public sealed class LlmModelCostComparison
    {
        public string Alternative { get; set; } = "";
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public bool Batch { get; set; }
        public decimal? CacheHitRate { get; set; }
        public long Requests { get; set; }
        public long Compared { get; set; }
        public decimal Cost { get; set; }
        public decimal ActualCost { get; set; }
        public decimal Difference { get; set; }
        public decimal? DifferencePercent { get; set; }
        public long NotPriced { get; set; }
        public long StoredUnpriced { get; set; }
        public IReadOnlyList<string> Reasons { get; set; } = System.Array.Empty<string>();
        public string Currency { get; set; } = "USD";

        internal static LlmModelCostComparison From(ModelCostComparison c) => new LlmModelCostComparison
        {
            Alternative = c.Alternative,
            Provider = c.Scenario.Provider,
            Model = c.Scenario.Model,
            Batch = c.Scenario.Batch,
            CacheHitRate = c.Scenario.CacheHitRate,
            Requests = c.Requests,
            Compared = c.Compared,
            Cost = c.Cost,
            ActualCost = c.ActualCost,
            Difference = c.Difference,
            DifferencePercent = c.DifferencePercent,
            NotPriced = c.NotPriced,
            StoredUnpriced = c.StoredUnpriced,
            Reasons = c.Reasons,
        };
    }
}
